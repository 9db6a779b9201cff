package dev.tokengate.cognito;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample events in {@code events/cognito-events-fn/}, as bytes, optionally with the pool id swapped. */
public final class SampleEvents {
    /** The made-up pool the samples name. */
    public static final String POOL = "us-east-1_Ex4mPl3Id";
    public static final String SUB = "7d0c1a52-1111-4f6e-9d1e-0000000000a1";
    public static final Path DIRECTORY = locate();

    private SampleEvents() {
    }

    private static Path locate() {
        for (Path candidate : new Path[] {Path.of("..", "events", "cognito-events-fn"),
                Path.of("events", "cognito-events-fn")}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("events/cognito-events-fn not found from " + Path.of("").toAbsolutePath());
    }

    public static byte[] load(String name) {
        return text(name).getBytes(StandardCharsets.UTF_8);
    }

    /** The sample as if it came from another pool (a pool moto made, say), and with another user where it names one. */
    public static byte[] load(String name, String pool, String sub) {
        return text(name).replace(POOL, pool).replace(SUB, sub).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(String name) {
        try {
            return Files.readString(DIRECTORY.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
