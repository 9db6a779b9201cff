package dev.tokengate.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Figures for docs/SECURITY.md, never assertions: printed as {@code [measurement] ...} and appended to
 * {@code target/hardening-measurements.txt}.
 */
public final class Measurements {
    private static final Path FILE = Path.of("target", "hardening-measurements.txt");

    private Measurements() {
    }

    public static synchronized void record(String format, Object... args) {
        String line = "[measurement] " + String.format(java.util.Locale.ROOT, format, args);
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the figure is on stdout anyway
        }
    }
}
