package dev.tokengate.revoke.cache;

import dev.tokengate.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One API Gateway stage whose authorizer cache is flushed after a revocation: {@code rest:<apiId>/<stage>} for a REST
 * API ({@code FlushStageAuthorizersCache}) or {@code http:<apiId>/<stage>} for an HTTP API
 * ({@code ResetAuthorizersCache}).
 *
 * @param kind which API Gateway API the stage belongs to
 * @param apiId the API's id (letters and digits, as API Gateway generates them)
 * @param stage the stage name ({@code $default} is accepted for HTTP APIs)
 */
public record FlushTarget(Kind kind, String apiId, String stage) {
    /** The two API Gateway flavours, each with its own flush call. */
    public enum Kind { REST, HTTP }

    private static final Pattern API_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final String DEFAULT_STAGE = "$default";

    public FlushTarget {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (apiId == null || !API_ID.matcher(apiId).matches()) {
            throw new IllegalArgumentException("apiId must be 1 to 64 letters or digits");
        }
        boolean defaultStage = kind == Kind.HTTP && DEFAULT_STAGE.equals(stage);
        if (stage == null || !(defaultStage || STAGE.matcher(stage).matches())) {
            throw new IllegalArgumentException("stage must be 1 to 128 letters, digits, '-' or '_'"
                    + (kind == Kind.HTTP ? " (or $default)" : ""));
        }
    }

    /**
     * Parses a comma-separated list of targets. An empty or absent value means no flushing (the default). Any entry
     * that is not exactly {@code rest:<apiId>/<stage>} or {@code http:<apiId>/<stage>} fails naming the variable.
     */
    public static List<FlushTarget> parseList(String variable, String value) {
        List<FlushTarget> targets = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return List.of();
        }
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            FlushTarget target = parse(variable, entry);
            if (!targets.contains(target)) {
                targets.add(target);
            }
        }
        return List.copyOf(targets);
    }

    static FlushTarget parse(String variable, String entry) {
        int colon = entry.indexOf(':');
        int slash = entry.indexOf('/');
        if (colon <= 0 || slash < colon || entry.indexOf('/', slash + 1) >= 0) {
            throw new ConfigException(variable, "entry '" + entry + "' must look like rest:<apiId>/<stage> or "
                    + "http:<apiId>/<stage>");
        }
        Kind kind = switch (entry.substring(0, colon)) {
            case "rest" -> Kind.REST;
            case "http" -> Kind.HTTP;
            default -> throw new ConfigException(variable, "entry '" + entry + "' must start with rest: or http:");
        };
        try {
            return new FlushTarget(kind, entry.substring(colon + 1, slash), entry.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            // our own message, about the operator's own setting: safe to show
            throw new ConfigException(variable, "entry '" + entry + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + apiId + "/" + stage;
    }
}
