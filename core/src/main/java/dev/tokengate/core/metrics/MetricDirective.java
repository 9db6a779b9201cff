package dev.tokengate.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * One EMF metric directive: metrics published under each of its dimension sets (a metric with three sets becomes
 * three CloudWatch metrics). Sets are kept small: every combination of their values is a metric CloudWatch bills.
 */
public record MetricDirective(List<List<String>> dimensionSets, List<Metric> metrics) {
    /** EMF: a dimension set refers to at most 30 dimensions. */
    public static final int MAX_DIMENSIONS_PER_SET = 30;
    /** EMF: a directive declares at most 100 metrics. */
    public static final int MAX_METRICS = 100;

    public MetricDirective {
        // A loop, not a stream: this runs on every invocation, and under Lambda's C1-only JIT a stream costs microseconds.
        List<List<String>> sets = new ArrayList<>(dimensionSets.size());
        for (List<String> set : dimensionSets) {
            sets.add(List.copyOf(set));
        }
        dimensionSets = List.copyOf(sets);
        metrics = List.copyOf(metrics);
        if (dimensionSets.isEmpty()) {
            throw new IllegalArgumentException("a directive needs at least one dimension set");
        }
        for (List<String> set : dimensionSets) {
            if (set.isEmpty() || set.size() > MAX_DIMENSIONS_PER_SET) {
                throw new IllegalArgumentException("a dimension set names 1 to " + MAX_DIMENSIONS_PER_SET
                        + " dimensions: " + set);
            }
            set.forEach(key -> EmfNames.requireName("dimension", key));
        }
        if (metrics.isEmpty() || metrics.size() > MAX_METRICS) {
            throw new IllegalArgumentException("a directive declares 1 to " + MAX_METRICS + " metrics");
        }
    }
}
