package dev.tokengate.core.metrics;

import dev.tokengate.core.log.JsonLine;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every metric a function can publish: its name, unit and dimension sets, and the closed set of values of each
 * dimension whose values are ours (enum names). Dimensions missing from {@code closedValues} are open: the function
 * name, an issuer profile id. The template checks read it from the function's zip ({@link #toJson}) and hold every
 * alarm and dashboard widget to it; each function's tests hold what it writes to it ({@link #admits}).
 */
public record MetricCatalog(Map<String, List<String>> closedValues, List<Entry> entries) {

    /** One metric and the dimension sets it is published under. */
    public record Entry(String metric, MetricUnit unit, List<List<String>> dimensionSets) {
        public Entry {
            EmfNames.requireName("metric", metric);
            dimensionSets = dimensionSets.stream().map(List::copyOf).toList();
        }
    }

    public MetricCatalog {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        closedValues.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        closedValues = Collections.unmodifiableMap(copy);
        entries = List.copyOf(entries);
    }

    /**
     * Whether every metric of the document is in the catalog with its unit, under dimension sets the catalog lists,
     * with dimension values from the closed sets.
     */
    public boolean admits(EmfDocument document) {
        for (Map.Entry<String, String> dimension : document.dimensions().entrySet()) {
            List<String> allowed = closedValues.get(dimension.getKey());
            if (allowed != null && !allowed.contains(dimension.getValue())) {
                return false;
            }
        }
        for (MetricDirective directive : document.directives()) {
            for (Metric metric : directive.metrics()) {
                Entry entry = entry(metric.name());
                if (entry == null || entry.unit() != metric.unit()) {
                    return false;
                }
                for (List<String> set : directive.dimensionSets()) {
                    if (entry.dimensionSets().stream().noneMatch(known -> Set.copyOf(known).equals(Set.copyOf(set)))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    public Entry entry(String metric) {
        return entries.stream().filter(e -> e.metric().equals(metric)).findFirst().orElse(null);
    }

    /** {@code {"closedValues":{...},"metrics":[{"name","unit","dimensionSets"}]}}, for the template checks. */
    public String toJson() {
        StringBuilder out = new StringBuilder(512).append("{\"closedValues\":{");
        int i = 0;
        for (Map.Entry<String, List<String>> closed : closedValues.entrySet()) {
            out.append(i++ == 0 ? "" : ",").append(JsonLine.quoted(closed.getKey())).append(':');
            strings(out, closed.getValue());
        }
        out.append("},\"metrics\":[");
        for (int e = 0; e < entries.size(); e++) {
            Entry entry = entries.get(e);
            out.append(e == 0 ? "" : ",").append("{\"name\":").append(JsonLine.quoted(entry.metric()))
                    .append(",\"unit\":").append(JsonLine.quoted(entry.unit().cloudWatchName()))
                    .append(",\"dimensionSets\":[");
            for (int s = 0; s < entry.dimensionSets().size(); s++) {
                out.append(s == 0 ? "" : ",");
                strings(out, entry.dimensionSets().get(s));
            }
            out.append("]}");
        }
        return out.append("]}").toString();
    }

    private static void strings(StringBuilder out, List<String> values) {
        out.append('[');
        for (int v = 0; v < values.size(); v++) {
            out.append(v == 0 ? "" : ",").append(JsonLine.quoted(values.get(v)));
        }
        out.append(']');
    }
}
