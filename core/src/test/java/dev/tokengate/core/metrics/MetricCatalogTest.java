package dev.tokengate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {
    private static final MetricCatalog CATALOG = new MetricCatalog(Map.of("Outcome", List.of("ALLOW", "DENY")),
            List.of(new MetricCatalog.Entry("Decisions", MetricUnit.COUNT,
                    List.of(List.of("Function"), List.of("Function", "Outcome")))));

    private static EmfDocument document(String outcome, MetricUnit unit, List<List<String>> sets) {
        return new EmfDocument(Map.of("Function", "f", "Outcome", outcome), List.of(new MetricDirective(sets,
                List.of(new Metric("Decisions", unit, List.of(1.0))))));
    }

    @Test
    void admitsOnlyListedMetricsUnitsDimensionSetsAndClosedValues() {
        assertThat(CATALOG.admits(document("ALLOW", MetricUnit.COUNT, List.of(List.of("Outcome", "Function")))))
                .isTrue();
        assertThat(CATALOG.admits(document("MAYBE", MetricUnit.COUNT, List.of(List.of("Function"))))).isFalse();
        assertThat(CATALOG.admits(document("ALLOW", MetricUnit.MILLISECONDS, List.of(List.of("Function")))))
                .isFalse();
        assertThat(CATALOG.admits(document("ALLOW", MetricUnit.COUNT, List.of(List.of("Outcome"))))).isFalse();
    }

    @Test
    void rendersAsJsonForTheTemplateChecks() throws Exception {
        JsonNode json = new ObjectMapper().readTree(CATALOG.toJson());

        assertThat(json.path("closedValues").path("Outcome").get(1).asText()).isEqualTo("DENY");
        assertThat(json.path("metrics").get(0).path("name").asText()).isEqualTo("Decisions");
        assertThat(json.path("metrics").get(0).path("unit").asText()).isEqualTo("Count");
        assertThat(json.path("metrics").get(0).path("dimensionSets").get(1).size()).isEqualTo(2);
    }
}
