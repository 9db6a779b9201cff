package dev.tokengate.core.metrics;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one log line publishes as metrics: the dimension values and the directives that use them. Checked when built
 * against the EMF specification's rules that do not depend on the rest of the line: every dimension a set names has
 * a value, and every member (dimension or metric) appears once.
 *
 * @param dimensions dimension name to value, in the order they are written
 */
public record EmfDocument(Map<String, String> dimensions, List<MetricDirective> directives) {
    /**
     * The dimension every tokengate metric carries: the Lambda function's name, so two stacks (or two copies of a
     * function) in one account and namespace never add up.
     */
    public static final String FUNCTION = "Function";

    public EmfDocument {
        dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        directives = List.copyOf(directives);
        if (directives.isEmpty()) {
            throw new IllegalArgumentException("an EMF document needs at least one directive");
        }
        dimensions.forEach((key, value) -> {
            EmfNames.requireName("dimension", key);
            EmfNames.requireDimensionValue(key, value);
        });
        Set<String> members = new HashSet<>(dimensions.keySet());
        for (MetricDirective directive : directives) {
            for (List<String> set : directive.dimensionSets()) {
                for (String key : set) {
                    if (!dimensions.containsKey(key)) {
                        throw new IllegalArgumentException("dimension " + key + " has no value");
                    }
                }
            }
            for (Metric metric : directive.metrics()) {
                if (!members.add(metric.name())) {
                    throw new IllegalArgumentException(metric.name() + " is declared twice");
                }
            }
        }
    }
}
