package dev.tokengate.testkit.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the files under test live: the repository root (template.yaml, samconfig.toml, the zips, the pinned Python
 * tools) and a work dir. Surefire and Failsafe set {@code tokengate.root} and {@code tokengate.work} in the modules
 * that read the template; elsewhere the root is found from the working directory.
 */
public final class ProjectLayout {
    private ProjectLayout() {
    }

    public static Path root() {
        String configured = System.getProperty("tokengate.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        // Without the property the working directory is a module's (Maven, an IDE) or the root itself (./run-local,
        // Failsafe in local/): the nearest directory with the template and the Maven wrapper.
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no tokengate checkout (template.yaml and mvnw) at or above " + start
                + ": run from inside the repository, or set -Dtokengate.root");
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
