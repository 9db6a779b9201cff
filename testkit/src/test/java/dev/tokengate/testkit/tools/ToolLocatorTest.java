package dev.tokengate.testkit.tools;

import static dev.tokengate.testkit.tools.FakeTools.VenvModule.DEBIAN_WITHOUT_PYTHON3_VENV;
import static dev.tokengate.testkit.tools.FakeTools.VenvModule.PRESENT;
import static dev.tokengate.testkit.tools.FakeTools.installed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.testkit.tools.ToolLocator.Located;
import dev.tokengate.testkit.tools.ToolLocator.Source;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The discovery order with fake tools: variable, PATH with a fitting version, project venv, install, one error. */
class ToolLocatorTest {
    @TempDir
    Path tmp;
    Path requirements;
    Path venvHome;

    @BeforeEach
    void pins() {
        requirements = FakeTools.requirements(tmp.resolve("build"), List.of(
                "moto[server]==5.2.1", "cfn-lint==1.51.0", "aws-sam-translator==1.110.0"));
        venvHome = tmp.resolve(".venv-tools");
    }

    private ToolLocator locator(Map<String, String> variables, Path... pathDirs) {
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("PATH", Arrays.stream(pathDirs).map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        return new ToolLocator(environment, requirements, venvHome);
    }

    private ToolLocator locator(Path... pathDirs) {
        return locator(Map.of(), pathDirs);
    }

    @Test
    void variableWinsOverAFittingToolOnPath() {
        Path onPath = tmp.resolve("bin");
        FakeTools.cfnLint(onPath, "1.51.0");
        Path chosen = FakeTools.script(tmp.resolve("elsewhere"), "my-cfn-lint", "#!/bin/sh\necho 'cfn-lint 0.1'\n");

        Located located = locator(Map.of("CFN_LINT", chosen.toString()), onPath).locate(Tool.CFN_LINT);

        assertThat(located.source()).isEqualTo(Source.VARIABLE);
        assertThat(located.executable()).isEqualTo(chosen);
    }

    @Test
    void variableNamingNoExecutableIsAnErrorNotAFallback() {
        Path onPath = tmp.resolve("bin");
        FakeTools.cfnLint(onPath, "1.51.0");

        assertThatThrownBy(() -> locator(Map.of("CFN_LINT", tmp.resolve("nothing-here").toString()), onPath)
                .locate(Tool.CFN_LINT))
                .isInstanceOf(MissingToolException.class)
                .hasMessageContaining("CFN_LINT=" + tmp.resolve("nothing-here"))
                .hasMessageContaining("is not an executable file");
    }

    @Test
    void usesAToolOnPathWhoseVersionFits() {
        Path onPath = tmp.resolve("bin");
        Path cfnLint = FakeTools.cfnLint(onPath, "1.60.2");

        Located located = locator(onPath).locate(Tool.CFN_LINT);

        assertThat(located.source()).isEqualTo(Source.PATH);
        assertThat(located.executable()).isEqualTo(cfnLint);
        assertThat(located.description()).contains("1.60.2");
        assertThat(venvHome).doesNotExist();
    }

    @Test
    void passesOverToolsOnPathThatDoNotFitAndTakesTheFirstThatDoes() {
        Path oldMajor = tmp.resolve("a");
        Path newMajor = tmp.resolve("b");
        Path older = tmp.resolve("c");
        Path fitting = tmp.resolve("d");
        Path alsoFitting = tmp.resolve("e");
        FakeTools.cfnLint(oldMajor, "0.87.1");
        FakeTools.cfnLint(newMajor, "2.0.0");
        FakeTools.cfnLint(older, "1.40.0");
        Path expected = FakeTools.cfnLint(fitting, "1.51.0");
        FakeTools.cfnLint(alsoFitting, "1.99.0");

        Located located = locator(oldMajor, newMajor, older, fitting, alsoFitting).locate(Tool.CFN_LINT);

        assertThat(located.source()).isEqualTo(Source.PATH);
        assertThat(located.executable()).isEqualTo(expected);
    }

    @Test
    void usesTheProjectVenvWhenPathHasNoFittingTool() {
        Path onPath = tmp.resolve("bin");
        FakeTools.cfnLint(onPath, "0.87.1");
        FakeTools.readyVenv(venvHome, requirements, "cfn-lint", "1.51.0");

        Located located = locator(onPath).locate(Tool.CFN_LINT);

        assertThat(located.source()).isEqualTo(Source.PROJECT_VENV);
        assertThat(located.executable()).isEqualTo(venvHome.resolve("venv/bin/cfn-lint"));
    }

    @Test
    void aVenvFilledFromOtherPinsIsNotUsed() throws Exception {
        FakeTools.readyVenv(venvHome, requirements, "cfn-lint", "1.51.0");
        Files.writeString(requirements, Files.readString(requirements).replace("1.51.0", "1.52.0"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        // it would rebuild it, which needs a python3 this PATH does not have
        assertThatThrownBy(() -> locator(empty).locate(Tool.CFN_LINT))
                .isInstanceOf(MissingToolException.class)
                .hasMessageContaining("python3 is not on PATH");
    }

    @Test
    void noPython3IsOneMessageNamingThePackagesToInstall() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        assertThatThrownBy(() -> locator(empty).locate(Tool.CFN_LINT))
                .isInstanceOf(MissingToolException.class)
                .hasNoCause()
                .hasMessageStartingWith("cfn-lint (cfn-lint 1.x, at least 1.51.0)")
                .hasMessageContaining("python3 is not on PATH")
                .hasMessageContaining("apt-get install python3 python3-venv")
                .hasMessageContaining("Looked for: CFN_LINT (not set); cfn-lint on PATH: none")
                .hasMessageContaining("pip install -r " + requirements)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception", "\tat "));
    }

    @Test
    void python3WithoutItsVenvModuleNamesPython3Venv() {
        Path bin = tmp.resolve("bin");
        FakeTools.python(bin, "python3", "3.11.2", installed(), DEBIAN_WITHOUT_PYTHON3_VENV);
        FakeTools.cfnLint(bin, "0.72.10");

        assertThatThrownBy(() -> locator(bin).locate(Tool.CFN_LINT))
                .isInstanceOf(MissingToolException.class)
                .hasMessageContaining("has no venv module with ensurepip")
                .hasMessageContaining("apt-get install python3-venv")
                .hasMessageContaining(bin.resolve("cfn-lint") + " is 0.72.10, needs 1.x, at least 1.51.0");
        assertThat(venvHome.resolve("venv")).doesNotExist();
    }

    @Test
    void python3OlderThanThePinnedToolsNeedIsNamedWithItsVersion() {
        Path bin = tmp.resolve("bin");
        FakeTools.python(bin, "python3", "3.8.10", installed(), PRESENT);

        assertThatThrownBy(() -> locator(bin).locate(Tool.CFN_LINT))
                .isInstanceOf(MissingToolException.class)
                .hasMessageContaining("is Python 3.8.10; the pinned tools need 3.10 or newer");
    }

    @Test
    void motoServerVersionIsAskedOfThePythonItsScriptNames() {
        Path pythonDir = tmp.resolve("python");
        Path itsPython = FakeTools.python(pythonDir, "python3.12", "3.12.3",
                installed("moto", "5.3.0", "flask", "3.1.0", "flask-cors", "6.0.0"), PRESENT);
        Path bin = tmp.resolve("bin");
        // the python3 on PATH has no moto: only the one in the #! line can make this moto_server fit
        FakeTools.python(bin, "python3", "3.11.2", installed(), PRESENT);
        Path motoServer = FakeTools.script(bin, "moto_server", "#!" + itsPython + "\nfrom moto.server import main\n");

        Located located = locator(bin).locate(Tool.MOTO_SERVER);

        assertThat(located.source()).isEqualTo(Source.PATH);
        assertThat(located.executable()).isEqualTo(motoServer);
        assertThat(located.description()).contains("moto 5.3.0");
    }

    @Test
    void motoServerBehindAWrapperIsAskedOfThePython3OnPath() {
        Path bin = tmp.resolve("bin");
        FakeTools.python(bin, "python3", "3.11.7",
                installed("moto", "5.2.1", "flask", "3.1.3", "flask-cors", "6.0.2"), PRESENT);
        // pyenv's shims are shell scripts: the #! line says nothing about the Python behind them
        Path motoServer = FakeTools.script(bin, "moto_server", "#!/usr/bin/env bash\nexec pyenv exec moto_server \"$@\"\n");

        Located located = locator(bin).locate(Tool.MOTO_SERVER);

        assertThat(located.source()).isEqualTo(Source.PATH);
        assertThat(located.executable()).isEqualTo(motoServer);
    }

    @Test
    void motoWithoutItsServerExtraOrFromAnotherMajorDoesNotFit() {
        Path withoutServer = tmp.resolve("a");
        Path pythonA = FakeTools.python(tmp.resolve("pa"), "python3", "3.11.2",
                installed("moto", "5.2.1", "flask", "3.1.3"), PRESENT);
        FakeTools.script(withoutServer, "moto_server", "#!" + pythonA + "\n");
        Path moto4 = tmp.resolve("b");
        Path pythonB = FakeTools.python(tmp.resolve("pb"), "python3", "3.11.2",
                installed("moto", "4.2.14", "flask", "3.1.3", "flask-cors", "6.0.2"), PRESENT);
        FakeTools.script(moto4, "moto_server", "#!" + pythonB + "\n");

        assertThatThrownBy(() -> locator(withoutServer, moto4).locate(Tool.MOTO_SERVER))
                .isInstanceOf(MissingToolException.class)
                .hasMessageContaining("moto_server (moto[server] 5.x, at least 5.2.1)")
                .hasMessageContaining(withoutServer.resolve("moto_server") + " is moto 5.2.1 without flask-cors (moto[server])")
                .hasMessageContaining(moto4.resolve("moto_server") + " is moto 4.2.14, needs 5.x, at least 5.2.1")
                .hasMessageContaining("python3 is not on PATH");
    }

    @Test
    void samTransformPythonNeedsAFittingTranslator() {
        Path old = tmp.resolve("a");
        FakeTools.python(old, "python3", "3.11.2", installed("aws-sam-translator", "1.80.0"), PRESENT);
        Path fitting = tmp.resolve("b");
        Path expected = FakeTools.python(fitting, "python3", "3.12.1", installed("aws-sam-translator", "1.110.0"), PRESENT);

        Located located = locator(old, fitting).locate(Tool.SAM_TRANSLATOR_PYTHON);

        assertThat(located.source()).isEqualTo(Source.PATH);
        assertThat(located.executable()).isEqualTo(expected);
    }

    @Test
    void samTransformPythonBefore311NeedsTomli() {
        Path withoutTomli = tmp.resolve("a");
        FakeTools.python(withoutTomli, "python3", "3.10.12", installed("aws-sam-translator", "1.110.0"), PRESENT);
        Path withTomli = tmp.resolve("b");
        Path expected = FakeTools.python(withTomli, "python3", "3.10.12",
                installed("aws-sam-translator", "1.110.0", "tomli", "2.0.1"), PRESENT);

        Located located = locator(withoutTomli, withTomli).locate(Tool.SAM_TRANSLATOR_PYTHON);

        assertThat(located.executable()).isEqualTo(expected);
    }

    @Test
    void aVenvAnotherProcessFinishedWhileThisOneWaitedForTheLockIsNotRebuilt() throws Exception {
        // What a JVM sees once it holds the lock after another built the venv: ready, so no python3 is needed.
        FakeTools.readyVenv(venvHome, requirements, "cfn-lint", "1.51.0");
        ProjectVenv venv = new ProjectVenv(venvHome, PinnedRequirements.read(requirements));

        assertThat(venv.build(Optional.empty())).isFalse();
        assertThat(venv.ready(Tool.CFN_LINT)).isTrue();
    }
}
