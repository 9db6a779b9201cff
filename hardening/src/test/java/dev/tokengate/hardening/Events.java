package dev.tokengate.hardening;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The sample events in {@code events/<module>/}, the starting point of every mutated event. */
public final class Events {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** Read once per JVM: the fuzzers build thousands of events from the same few files. */
    private static final java.util.Map<Path, String> TEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    private Events() {
    }

    public static Path directory(String module) {
        for (Path candidate : new Path[] {Path.of("..", "events", module), Path.of("events", module)}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("events/" + module + " not found from " + Path.of("").toAbsolutePath());
    }

    public static String text(String module, String name) {
        return TEXTS.computeIfAbsent(directory(module).resolve(name), path -> {
            try {
                return Files.readString(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A fresh, mutable copy of the event as plain maps and lists (what the Lambda runtime hands a Map handler). */
    public static Map<String, Object> map(String module, String name) {
        try {
            return JSON.readValue(text(module, name), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
