package dev.tokengate.testkit.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the files under test live: the repository root (template.yaml, samconfig.toml, the zips) and a work dir.
 * Surefire and Failsafe set {@code tokengate.root} and {@code tokengate.work} in every module that reads the template.
 */
public final class ProjectLayout {
    private ProjectLayout() {
    }

    public static Path root() {
        String configured = System.getProperty("tokengate.root");
        // Surefire sets the property; an IDE run from the module directory falls back to its parent.
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }

    public static Path samconfig() {
        return root().resolve("samconfig.toml");
    }

    public static Path transformScript() {
        return root().resolve("testkit/src/main/python/sam_transform.py");
    }

    /** A scratch directory inside this module's target/, created on demand. */
    public static Path work(String name) {
        String configured = System.getProperty("tokengate.work");
        Path base = configured != null ? Path.of(configured) : Path.of("target", "tokengate-work").toAbsolutePath();
        Path dir = base.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
