package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A parameter nobody can find in the docs is a decision nobody can make: each one is in the configuration table. */
class DocsTest {

    @Test
    void everyTemplateParameterIsDocumented() throws IOException {
        StringBuilder docs = new StringBuilder();
        for (String file : new String[] {"README.md", "docs/DEPLOY.md"}) {
            Path path = ProjectLayout.root().resolve(file);
            if (Files.isRegularFile(path)) {
                docs.append(Files.readString(path));
            }
        }
        SamTransform.template().path("Parameters").fieldNames().forEachRemaining(name ->
                assertThat(docs).as("README.md or docs/DEPLOY.md documents parameter %s", name)
                        .contains("`" + name + "`"));
    }
}
