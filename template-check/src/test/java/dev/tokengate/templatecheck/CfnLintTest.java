package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.testkit.template.ExternalCommand;
import dev.tokengate.testkit.template.ProjectLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class CfnLintTest {

    @Test
    void templatePassesCfnLintWithoutErrorsOrWarnings() {
        // cfn-lint runs the SAM transform itself and then validates the generated CloudFormation against the resource
        // specification; exit code 0 means no error, no warning and no informational finding.
        ExternalCommand.Result result = ExternalCommand.run(ProjectLayout.root(),
                List.of("cfn-lint", ProjectLayout.template().toString()));

        assertThat(result.exitCode())
                .as("cfn-lint findings (install with '%s' if it is missing):%n%s", ExternalCommand.INSTALL_HINT,
                        result.output())
                .isZero();
    }
}
