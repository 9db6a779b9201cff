package dev.tokengate.testkit.tools;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A PATH value: where executables are looked up by name, in its order. */
record SearchPath(String value) {
    SearchPath {
        value = value == null ? "" : value;
    }

    /** Every executable called {@code name}, in PATH's order. */
    List<Path> all(String name) {
        Set<Path> found = new LinkedHashSet<>();
        for (String dir : value.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name).toAbsolutePath().normalize();
            if (isExecutableFile(candidate)) {
                found.add(candidate);
            }
        }
        return List.copyOf(found);
    }

    Optional<Path> first(String name) {
        return all(name).stream().findFirst();
    }

    static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
