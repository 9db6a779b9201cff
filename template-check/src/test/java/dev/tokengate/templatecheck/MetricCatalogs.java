package dev.tokengate.templatecheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Each function's metric catalog, read from its own zip (the class that writes its metrics lists them): what an
 * alarm or a dashboard widget may refer to. A metric no catalog lists is one the code never publishes.
 */
final class MetricCatalogs {
    private static final Map<DeployedFunction, String> WRITERS = Map.of(
            DeployedFunction.AUTHORIZER, "dev.tokengate.authorizer.metrics.DecisionMetrics",
            DeployedFunction.REVOKE_API, "dev.tokengate.revoke.metrics.RequestMetrics",
            DeployedFunction.AUDIT_STREAM, "dev.tokengate.audit.metrics.BatchMetrics");
    private static final Map<DeployedFunction, JsonNode> READ = new EnumMap<>(DeployedFunction.class);

    private MetricCatalogs() {
    }

    static synchronized JsonNode of(DeployedFunction function) {
        return READ.computeIfAbsent(function, f -> {
            Class<?> writer = f.zip().initialise(WRITERS.get(f));
            try {
                Object catalog = writer.getMethod("catalog").invoke(null);
                return new ObjectMapper().readTree((String) catalog.getClass().getMethod("toJson").invoke(catalog));
            } catch (ReflectiveOperationException | IOException e) {
                throw new AssertionError(WRITERS.get(f) + " has no public static catalog() with toJson()", e);
            }
        });
    }

    /** The catalog entry of {@code metric}, if the function publishes it. */
    static Optional<JsonNode> entry(DeployedFunction function, String metric) {
        for (JsonNode entry : of(function).path("metrics")) {
            if (entry.path("name").asText().equals(metric)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code dimensions} is one of the entry's dimension sets (order does not matter in CloudWatch). */
    static boolean publishedUnder(JsonNode entry, Set<String> dimensions) {
        for (JsonNode set : entry.path("dimensionSets")) {
            Set<String> names = new TreeSet<>();
            set.forEach(name -> names.add(name.asText()));
            if (names.equals(new TreeSet<>(dimensions))) {
                return true;
            }
        }
        return false;
    }

    /** The values a dimension may take, when they are the code's own closed set; empty when open. */
    static Optional<Set<String>> closedValues(DeployedFunction function, String dimension) {
        JsonNode values = of(function).path("closedValues").path(dimension);
        if (!values.isArray()) {
            return Optional.empty();
        }
        Set<String> out = new TreeSet<>();
        values.forEach(v -> out.add(v.asText()));
        return Optional.of(out);
    }
}
