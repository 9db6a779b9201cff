package dev.tokengate.templatecheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files under test live: the repository root (template.yaml, samconfig.toml, the zips) and a work dir. */
final class ProjectLayout {
    private ProjectLayout() {
    }

    static Path root() {
        String configured = System.getProperty("tokengate.root");
        // Surefire sets the property; an IDE run from the module directory falls back to its parent.
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    static Path template() {
        return root().resolve("template.yaml");
    }

    static Path samconfig() {
        return root().resolve("samconfig.toml");
    }

    static Path transformScript() {
        return root().resolve("template-check/src/test/python/sam_transform.py");
    }

    /** A scratch directory inside this module's target/, created on demand. */
    static Path work(String name) {
        String configured = System.getProperty("tokengate.work");
        Path base = configured != null ? Path.of(configured) : root().resolve("template-check/target/template-check");
        Path dir = base.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
