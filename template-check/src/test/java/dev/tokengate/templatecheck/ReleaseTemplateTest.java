package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.testkit.template.ExternalCommand;
import dev.tokengate.testkit.template.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template build/release puts in target/release/, made by the same script it runs
 * (build/release_template.py): each CodeUri becomes the zip's file name, nothing else changes, and it still lints.
 * (Running build/release itself would rebuild everything; its other pieces are the files {@link ReleaseArtifacts}
 * names, checked by the other tests.)
 */
class ReleaseTemplateTest {
    private static Path released;
    private static List<String> printedZips;

    @BeforeAll
    static void writeTheReleaseTemplate() {
        released = ProjectLayout.work("release").resolve("template.yaml");
        ExternalCommand.Result result = ExternalCommand.run(ProjectLayout.root(), List.of("python3",
                ProjectLayout.root().resolve("build/release_template.py").toString(),
                ProjectLayout.template().toString(), released.toString()));
        assertThat(result.exitCode()).as("release_template.py:%n%s", result.output()).isZero();
        printedZips = result.output().lines().toList();
    }

    @Test
    void namesEveryFunctionsZipForBuildReleaseToCopy() {
        assertThat(printedZips).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(DeployedFunction.values()).map(DeployedFunction::expectedCodeUri).toList());
    }

    @Test
    void changesOnlyCodeUriToTheZipFileName() throws IOException {
        List<String> before = Files.readAllLines(ProjectLayout.template());
        List<String> after = Files.readAllLines(released);
        assertThat(after).hasSameSizeAs(before);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(after.get(i).trim());
            }
        }
        assertThat(changed).containsExactlyInAnyOrderElementsOf(Arrays.stream(DeployedFunction.values())
                .map(f -> "CodeUri: " + f.module + ".zip").toList());
    }

    @Test
    void releasedTemplatePassesCfnLint() {
        ExternalCommand.Result lint = ExternalCommand.run(released.getParent(), List.of("cfn-lint", released.toString()));
        assertThat(lint.exitCode()).as("cfn-lint on the release template:%n%s", lint.output()).isZero();
    }
}
