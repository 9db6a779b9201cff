package dev.tokengate.local;

import dev.tokengate.testkit.emf.EmfDatapoints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * LOCAL ONLY. {@code GET /dev/metrics}: the metrics CloudWatch would extract from the functions' log lines, added up
 * since the runner started. It reads the same EMF lines the functions print (see {@link StdoutTap}), so what moves
 * here is what would move on the deployed dashboard. Thread-safe.
 */
final class MetricsView implements Consumer<String> {
    /** Per metric and dimension values: the sum, the number of values and the largest. */
    private final Map<String, Totals> totals = new TreeMap<>();

    private static final class Totals {
        final String unit;
        double sum;
        long samples;
        double max = Double.NEGATIVE_INFINITY;

        Totals(String unit) {
            this.unit = unit;
        }
    }

    /** A line the functions wrote; lines that are not valid EMF count for nothing, as in CloudWatch. */
    @Override
    public void accept(String line) {
        for (EmfDatapoints.Datapoint point : EmfDatapoints.read(line)) {
            String key = point.namespace() + " " + point.metric() + point.dimensions().toString()
                    .replace(", ", ",");
            synchronized (totals) {
                Totals t = totals.computeIfAbsent(key, k -> new Totals(point.unit()));
                for (double value : point.values()) {
                    t.sum += value;
                    t.samples++;
                    t.max = Math.max(t.max, value);
                }
            }
        }
    }

    /** {@code {"<namespace> <metric>{<dimension>=<value>,...}": {"unit", "sum", "samples", "max"}}}, sorted. */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        synchronized (totals) {
            totals.forEach((key, t) -> {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("unit", t.unit);
                value.put("sum", Math.round(t.sum * 100) / 100.0);
                value.put("samples", t.samples);
                value.put("max", Math.round(t.max * 100) / 100.0);
                out.put(key, value);
            });
        }
        return out;
    }
}
