package dev.tokengate.testkit.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.tools.ToolLocator.Located;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real discovery on this machine: it finds tools that run and fit the pins (on PATH here: no index to install from). */
class PythonToolsTest {
    private final PinnedRequirements pins = PinnedRequirements.read(
            ProjectLayout.root().resolve(PythonTools.REQUIREMENTS));

    @Test
    void findsAFittingCfnLint() {
        Located located = PythonTools.locate(Tool.CFN_LINT);

        ChildProcess.Result version = run(located, "--version");
        assertThat(Version.find(version.output())).as(located.toString()).hasValueSatisfying(
                v -> assertThat(v.fits(pins.pin("cfn-lint"))).isTrue());
    }

    @Test
    void findsAPythonWithAFittingSamTranslator() {
        Located located = PythonTools.locate(Tool.SAM_TRANSLATOR_PYTHON);

        ChildProcess.Result version = run(located, "-c", "import samtranslator; print(samtranslator.__version__)");
        assertThat(Version.find(version.output())).as(located.toString()).hasValueSatisfying(
                v -> assertThat(v.fits(pins.pin("aws-sam-translator"))).isTrue());
    }

    @Test
    void findsAMotoServerThatStarts() {
        Located located = PythonTools.locate(Tool.MOTO_SERVER);

        // --help imports moto's server (flask included) and exits: enough to know it would start
        assertThat(run(located, "--help").output()).as(located.toString()).contains("usage: moto_server");
    }

    private static ChildProcess.Result run(Located located, String... arguments) {
        List<String> command = new ArrayList<>(List.of(located.executable().toString()));
        command.addAll(List.of(arguments));
        ChildProcess.Result result = ChildProcess.run(command, Duration.ofMinutes(2), null);
        System.out.println(located.tool() + ": " + located.executable() + " (" + located.source() + ", "
                + located.description() + ")");
        assertThat(result.succeeded()).as("%s: %s", command, result.output()).isTrue();
        return result;
    }
}
