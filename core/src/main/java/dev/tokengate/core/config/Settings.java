package dev.tokengate.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, strict reads of environment variables. Every failure names the variable; nothing is silently coerced
 * (a boolean is exactly {@code true} or {@code false}, a number must parse and fall in range).
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings of(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        var copy = new java.util.HashMap<String, String>();
        environment.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return new Settings(copy);
    }

    /** The value, trimmed; empty counts as absent. */
    public Optional<String> optional(String name) {
        String raw = values.get(name);
        if (raw == null) {
            return Optional.empty();
        }
        String trimmed = raw.trim();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name, "is required but not set"));
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name, "must be true or false, was '" + value.get() + "'");
        };
    }

    public long integer(String name, long defaultValue, long min, long max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, was '" + value.get() + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", was " + parsed);
        }
        return parsed;
    }

    public Duration seconds(String name, long defaultSeconds, long minSeconds, long maxSeconds) {
        return Duration.ofSeconds(integer(name, defaultSeconds, minSeconds, maxSeconds));
    }

    /** A comma-separated list, entries trimmed, empties dropped, order kept, duplicates removed. */
    public Set<String> list(String name, String defaultValue) {
        String raw = optional(name).orElse(defaultValue);
        if (raw == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            String item = part.trim();
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    public List<String> names() {
        return new ArrayList<>(values.keySet());
    }

    /** One of the allowed words, compared case-insensitively, returned in lower case. */
    public String choice(String name, String defaultValue, String... allowed) {
        String value = optional(name).orElse(defaultValue).toLowerCase(Locale.ROOT);
        for (String option : allowed) {
            if (option.equals(value)) {
                return value;
            }
        }
        throw new ConfigException(name, "must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
    }

    public static URI uri(String name, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new ConfigException(name, "must be an absolute URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "is not a valid URL");
        }
    }
}
