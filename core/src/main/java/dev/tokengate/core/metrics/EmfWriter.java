package dev.tokengate.core.metrics;

import dev.tokengate.core.log.JsonLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes CloudWatch Embedded Metric Format into a structured log line: the {@code _aws} metadata and every member its
 * directives refer to, added to the line the function writes anyway. CloudWatch Logs extracts the metrics from the
 * line as it is ingested: no API call, no added latency, no second line. Lambda passes a line that is already a
 * JSON object through unchanged in both log formats, so the line stays a valid EMF document.
 */
public final class EmfWriter {
    /** A function publishes a handful of document shapes (its catalog is closed): more than this is a bug. */
    static final int MAX_SHAPES = 256;

    private final MetricNamespace namespace;
    /**
     * The metadata after its timestamp, by document shape: it depends only on the directives' dimension sets, metric
     * names and units, never on values, so it is rendered once per shape instead of on every invocation.
     */
    private final Map<List<Object>, String> directivesJson = new ConcurrentHashMap<>();

    public EmfWriter(MetricNamespace namespace) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    public MetricNamespace namespace() {
        return namespace;
    }

    /** Adds the document to {@code line} (which must not already use its member names) and returns the line. */
    public JsonLine appendTo(JsonLine line, EmfDocument document, Instant at) {
        line.withRaw("_aws", metadata(document, at));
        document.dimensions().forEach(line::with);
        for (MetricDirective directive : document.directives()) {
            for (Metric metric : directive.metrics()) {
                if (metric.values().size() == 1) {
                    number(line, metric.name(), metric.values().get(0));
                } else {
                    line.withRaw(metric.name(), array(metric.values()));
                }
            }
        }
        return line;
    }

    private String metadata(EmfDocument document, Instant at) {
        List<Object> shape = shapeOf(document.directives());
        String directives = directivesJson.get(shape);
        if (directives == null) {
            directives = renderDirectives(document.directives());
            if (directivesJson.size() >= MAX_SHAPES) {
                directivesJson.clear();
            }
            directivesJson.put(shape, directives);
        }
        return new StringBuilder(directives.length() + 32).append("{\"Timestamp\":").append(at.toEpochMilli())
                .append(directives).toString();
    }

    /** Dimension sets (lists), then each metric's name (a string) and unit (an enum): no two shapes read the same. */
    private static List<Object> shapeOf(List<MetricDirective> directives) {
        List<Object> shape = new ArrayList<>(8);
        for (MetricDirective directive : directives) {
            shape.add(directive.dimensionSets());
            for (Metric metric : directive.metrics()) {
                shape.add(metric.name());
                shape.add(metric.unit());
            }
        }
        return shape;
    }

    /** Everything of the metadata after its timestamp, from {@code ,"CloudWatchMetrics":[} to its closing brace. */
    private String renderDirectives(List<MetricDirective> directives) {
        StringBuilder out = new StringBuilder(160);
        out.append(",\"CloudWatchMetrics\":[");
        for (int d = 0; d < directives.size(); d++) {
            MetricDirective directive = directives.get(d);
            out.append(d == 0 ? "" : ",").append("{\"Namespace\":").append(JsonLine.quoted(namespace.value()))
                    .append(",\"Dimensions\":[");
            List<List<String>> sets = directive.dimensionSets();
            for (int s = 0; s < sets.size(); s++) {
                out.append(s == 0 ? "[" : ",[");
                List<String> set = sets.get(s);
                for (int k = 0; k < set.size(); k++) {
                    out.append(k == 0 ? "" : ",").append(JsonLine.quoted(set.get(k)));
                }
                out.append(']');
            }
            out.append("],\"Metrics\":[");
            List<Metric> metrics = directive.metrics();
            for (int m = 0; m < metrics.size(); m++) {
                out.append(m == 0 ? "" : ",").append("{\"Name\":").append(JsonLine.quoted(metrics.get(m).name()))
                        .append(",\"Unit\":").append(JsonLine.quoted(metrics.get(m).unit().cloudWatchName()))
                        .append('}');
            }
            out.append("]}");
        }
        return out.append("]}").toString();
    }

    /** Whole numbers as integers (counts read as counts); the values are finite, checked by {@link Metric}. */
    private static void number(JsonLine line, String name, double value) {
        if (isWhole(value)) {
            line.with(name, (long) value);
        } else {
            line.with(name, value);
        }
    }

    /** A whole number a long holds exactly, written without a fraction. */
    private static boolean isWhole(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15;
    }

    private static String array(List<Double> values) {
        StringBuilder out = new StringBuilder(8 * values.size()).append('[');
        for (int i = 0; i < values.size(); i++) {
            double value = values.get(i);
            out.append(i == 0 ? "" : ",");
            if (isWhole(value)) {
                out.append((long) value);
            } else {
                out.append(value);
            }
        }
        return out.append(']').toString();
    }
}
