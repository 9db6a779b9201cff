package dev.tokengate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricNamespaceTest {
    @Test
    void defaultsToTokengateWhenUnsetOrBlank() {
        assertThat(MetricNamespace.from(Settings.of(Map.of())).value()).isEqualTo("tokengate");
        assertThat(MetricNamespace.from(Settings.of(Map.of("METRIC_NAMESPACE", " "))).value()).isEqualTo("tokengate");
        assertThat(MetricNamespace.from(Settings.of(Map.of("METRIC_NAMESPACE", "acme/auth#prod:eu-1"))).value())
                .isEqualTo("acme/auth#prod:eu-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS/Lambda", "with space", "quote\"d", "012345678901234567890123456789012"})
    void refusesWhatCloudWatchOrTheEnvironmentBudgetWouldNot(String value) {
        assertThatThrownBy(() -> MetricNamespace.from(Settings.of(Map.of("METRIC_NAMESPACE", value))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("METRIC_NAMESPACE");
    }
}
