package dev.tokengate.core.metrics;

import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.config.Settings;

/**
 * The CloudWatch namespace every tokengate metric is published in ({@code METRIC_NAMESPACE}, template parameter
 * {@code MetricNamespace}). Together with the function-name dimension it keeps two stacks in one account apart.
 */
public record MetricNamespace(String value) {
    public static final String VARIABLE = "METRIC_NAMESPACE";
    public static final String DEFAULT = "tokengate";
    /** The template's MaxLength: the namespace reaches every function's environment, which Lambda caps at 4 KB. */
    public static final int MAX_CHARS = 32;

    public MetricNamespace {
        if (value == null || value.isEmpty() || value.length() > MAX_CHARS) {
            throw new ConfigException(VARIABLE, "must be 1 to " + MAX_CHARS + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || ".-_/#:".indexOf(c) >= 0;
            if (!ok) {
                throw new ConfigException(VARIABLE, "may contain only letters, digits and . - _ / # :");
            }
        }
        if (value.startsWith("AWS/")) {
            throw new ConfigException(VARIABLE, "must not start with AWS/ (CloudWatch reserves it)");
        }
    }

    /** Reads {@link #VARIABLE}; unset or blank is {@link #DEFAULT}. */
    public static MetricNamespace from(Settings settings) {
        return new MetricNamespace(settings.string(VARIABLE, DEFAULT));
    }

    @Override
    public String toString() {
        return value;
    }
}
