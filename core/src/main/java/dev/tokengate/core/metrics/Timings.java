package dev.tokengate.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Durations a component measures between two metric lines (a DynamoDB round trip), drained into the line the handler
 * writes. Bounded by EMF's 100 values per member: beyond that, samples are dropped (one invocation makes one or two),
 * so a component nobody drains (a priming handler, a test) never grows. Thread-safe.
 */
public final class Timings {
    private final List<Double> millis = new ArrayList<>(2);

    public void record(long nanos) {
        double ms = Math.round(nanos / 10_000.0) / 100.0;
        synchronized (millis) {
            if (millis.size() < Metric.MAX_VALUES) {
                millis.add(ms);
            }
        }
    }

    /** The samples since the previous drain, in milliseconds with two decimals; empty when there were none. */
    public List<Double> drain() {
        synchronized (millis) {
            if (millis.isEmpty()) {
                return List.of();
            }
            List<Double> out = List.copyOf(millis);
            millis.clear();
            return out;
        }
    }
}
