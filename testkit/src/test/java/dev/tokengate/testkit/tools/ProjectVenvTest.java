package dev.tokengate.testkit.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.testkit.tools.ToolLocator.Located;
import dev.tokengate.testkit.tools.ToolLocator.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project venv made for real: this machine's python3 runs {@code -m venv} and pip installs from local wheels
 * (no package index is reachable here). The wheels carry the tools' names and console scripts, not the tools.
 */
class ProjectVenvTest {
    @TempDir
    Path tmp;

    @Test
    void aFailedInstallIsOneMessageWithPipsWordsAndTheNextRunInstallsAgain() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("python3"), systemPython3());
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        Path requirements = FakeTools.requirements(tmp.resolve("build"), List.of(
                "--no-index", "--find-links " + wheels,
                "moto[server]==5.2.1", "cfn-lint==1.51.0", "aws-sam-translator==1.110.0"));
        Path home = tmp.resolve(".venv-tools");
        Map<String, String> environment = Map.of("PATH", bin.toString());

        assertThatThrownBy(() -> new ToolLocator(environment, requirements, home).locate(Tool.CFN_LINT))
                .isInstanceOf(MissingToolException.class)
                .hasNoCause()
                .hasMessageContaining("pip could not install " + requirements)
                .hasMessageContaining("No matching distribution found for moto");
        assertThat(home.resolve("ready")).doesNotExist();

        FakeTools.wheel(wheels, "moto", "5.2.1", "moto_server");
        FakeTools.wheel(wheels, "cfn-lint", "1.51.0", "cfn-lint");
        FakeTools.wheel(wheels, "aws-sam-translator", "1.110.0", null);
        Located installed = new ToolLocator(environment, requirements, home).locate(Tool.CFN_LINT);

        assertThat(installed.source()).isEqualTo(Source.INSTALLED);
        assertThat(installed.executable()).isEqualTo(home.resolve("venv/bin/cfn-lint"));
        assertThat(ChildProcess.run(List.of(installed.executable().toString()), Duration.ofMinutes(1), null).output())
                .contains("cfn-lint 1.51.0");
        assertThat(home.resolve("install.log")).content().contains("Successfully installed");

        // the next JVM of the build finds it filled from the same pins and does not make it again
        ToolLocator nextJvm = new ToolLocator(environment, requirements, home);
        assertThat(nextJvm.locate(Tool.MOTO_SERVER)).extracting(Located::source, Located::executable)
                .containsExactly(Source.PROJECT_VENV, home.resolve("venv/bin/moto_server"));
        assertThat(home.resolve("venv/bin/python")).isExecutable(); // the SAM transform's, when PATH has none
    }

    /** The interpreter behind this machine's python3 (not a wrapper such as pyenv's shim). */
    private static Path systemPython3() {
        ChildProcess.Result result = ChildProcess.run(List.of("python3", "-c", "import sys; print(sys.executable)"),
                Duration.ofMinutes(1), null);
        assertThat(result.succeeded()).as("python3 on this machine: %s", result.output()).isTrue();
        return Path.of(result.output().strip());
    }
}
