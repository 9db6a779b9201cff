package dev.tokengate.testkit.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.testkit.template.ProjectLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedRequirementsTest {
    @TempDir
    Path tmp;

    @Test
    void theProjectsFilePinsEveryToolExactly() {
        PinnedRequirements pins = PinnedRequirements.read(ProjectLayout.root().resolve(PythonTools.REQUIREMENTS));

        for (Tool tool : Tool.values()) {
            assertThat(pins.pin(tool.distribution()).parts()).as(tool.distribution()).hasSize(3);
        }
    }

    @Test
    void readsPinsAndLeavesOptionsCommentsAndMarkersToPip() {
        PinnedRequirements pins = PinnedRequirements.read(FakeTools.requirements(tmp, List.of(
                "# a comment",
                "--find-links /somewhere",
                "moto[server] == 5.2.1",
                "Aws_Sam.Translator==1.110.0  # spelt another way",
                "tomli==2.0.1 ; python_version < \"3.11\"",
                "boto3>=1.0")));

        assertThat(pins.pin("moto")).isEqualTo(Version.of("5.2.1"));
        assertThat(pins.pin("aws-sam-translator")).isEqualTo(Version.of("1.110.0"));
        assertThat(pins.pin("tomli")).isEqualTo(Version.of("2.0.1"));
        assertThatThrownBy(() -> pins.pin("boto3")).hasMessageContaining("pins no version of boto3");
    }

    @Test
    void theDigestChangesWithTheContent() {
        String before = PinnedRequirements.read(FakeTools.requirements(tmp, List.of("cfn-lint==1.51.0"))).digest();
        String after = PinnedRequirements.read(FakeTools.requirements(tmp, List.of("cfn-lint==1.51.1"))).digest();

        assertThat(before).isNotEqualTo(after).hasSize(64);
    }
}
