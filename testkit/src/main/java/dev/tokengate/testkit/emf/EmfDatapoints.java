package dev.tokengate.testkit.emf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metric data points CloudWatch would extract from one valid EMF line: one per metric and dimension set, with the
 * dimension values and the metric's values. Lines that are not valid EMF give none, as CloudWatch would.
 */
public final class EmfDatapoints {
    private EmfDatapoints() {
    }

    /** One extracted metric value (or values) under one dimension set. */
    public record Datapoint(String namespace, String metric, String unit, Map<String, String> dimensions,
                            List<Double> values) {
        public double sum() {
            return values.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    public static List<Datapoint> read(String line) {
        if (!line.startsWith("{") || !EmfValidator.problems(line).isEmpty()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = EmfValidator.STRICT.readTree(line);
        } catch (IOException e) {
            return List.of();
        }
        List<Datapoint> points = new ArrayList<>();
        for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
            String namespace = directive.path("Namespace").asText();
            for (JsonNode definition : directive.path("Metrics")) {
                String metric = definition.path("Name").asText();
                List<Double> values = new ArrayList<>();
                JsonNode value = root.get(metric);
                if (value.isArray()) {
                    value.forEach(v -> values.add(v.asDouble()));
                } else {
                    values.add(value.asDouble());
                }
                for (JsonNode set : directive.path("Dimensions")) {
                    Map<String, String> dimensions = new LinkedHashMap<>();
                    set.forEach(key -> dimensions.put(key.asText(), root.get(key.asText()).asText()));
                    points.add(new Datapoint(namespace, metric, definition.path("Unit").asText("None"), dimensions,
                            List.copyOf(values)));
                }
            }
        }
        return points;
    }
}
