package dev.tokengate.core.metrics;

import java.util.List;
import java.util.Objects;

/**
 * One metric of an EMF document: its name (also the member that holds its value), its unit and its values. One value
 * is the usual case; several are several samples of the same invocation (EMF takes up to 100 in an array).
 */
public record Metric(String name, MetricUnit unit, List<Double> values) {
    /** EMF's limit on the values one member may carry. */
    public static final int MAX_VALUES = 100;

    public Metric {
        EmfNames.requireName("metric", name);
        Objects.requireNonNull(unit, "unit");
        values = List.copyOf(values);
        if (values.isEmpty() || values.size() > MAX_VALUES) {
            throw new IllegalArgumentException(name + ": 1 to " + MAX_VALUES + " values");
        }
        for (Double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(name + ": values must be finite numbers");
            }
        }
    }

    public static Metric count(String name, long count) {
        return new Metric(name, MetricUnit.COUNT, List.of((double) count));
    }

    public static Metric milliseconds(String name, double millis) {
        return new Metric(name, MetricUnit.MILLISECONDS, List.of(millis));
    }

    public static Metric milliseconds(String name, List<Double> samples) {
        return new Metric(name, MetricUnit.MILLISECONDS, samples);
    }
}
