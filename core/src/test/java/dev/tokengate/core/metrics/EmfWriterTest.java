package dev.tokengate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.testkit.emf.EmfDatapoints;
import dev.tokengate.testkit.emf.EmfValidator;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfWriterTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:15:30.123Z");
    private static final EmfWriter WRITER = new EmfWriter(new MetricNamespace("acme/tokengate-prod"));

    private static EmfDocument decision() {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Function", "tokengate-AuthorizerFunction-1X");
        dimensions.put("Outcome", "UNAUTHORIZED");
        dimensions.put("Reason", "EXPIRED");
        return new EmfDocument(dimensions, List.of(
                new MetricDirective(List.of(List.of("Function"), List.of("Function", "Outcome", "Reason")),
                        List.of(Metric.count("Decisions", 1))),
                new MetricDirective(List.of(List.of("Function")),
                        List.of(Metric.milliseconds("DecisionLatency", 1.27),
                                Metric.milliseconds("StoreLatency", List.of(3.5, 4.0))))));
    }

    @Test
    void mergesIntoTheLogLineAndStaysOneValidEmfDocument() throws Exception {
        JsonLine line = JsonLine.info("authorizer.decision").with("outcome", "UNAUTHORIZED").with("sub", "alice");

        String rendered = WRITER.appendTo(line, decision(), AT).render();

        EmfValidator.assertValid(rendered);
        JsonNode json = new ObjectMapper().readTree(rendered);
        assertThat(json.path("event").asText()).isEqualTo("authorizer.decision");
        assertThat(json.path("sub").asText()).isEqualTo("alice");
        assertThat(json.path("_aws").path("Timestamp").asLong()).isEqualTo(AT.toEpochMilli());
        assertThat(json.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                .isEqualTo("acme/tokengate-prod");
        assertThat(json.path("Decisions").isIntegralNumber()).as("a count is written as an integer").isTrue();
        assertThat(json.path("StoreLatency").isArray()).isTrue();
        assertThat(rendered).doesNotContain("\n");
    }

    @Test
    void publishesEachMetricUnderEachOfItsDimensionSets() {
        String rendered = WRITER.appendTo(JsonLine.info("x"), decision(), AT).render();

        List<EmfDatapoints.Datapoint> points = EmfDatapoints.read(rendered);

        assertThat(points).extracting(EmfDatapoints.Datapoint::metric, p -> p.dimensions().keySet().size())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Decisions", 1),
                        org.assertj.core.groups.Tuple.tuple("Decisions", 3),
                        org.assertj.core.groups.Tuple.tuple("DecisionLatency", 1),
                        org.assertj.core.groups.Tuple.tuple("StoreLatency", 1));
        assertThat(points).filteredOn(p -> p.metric().equals("StoreLatency")).singleElement()
                .satisfies(p -> assertThat(p.values()).containsExactly(3.5, 4.0))
                .satisfies(p -> assertThat(p.unit()).isEqualTo("Milliseconds"));
    }

    @Test
    void escapesDimensionValuesSoAHostileValueCannotForgeMembers() {
        EmfDocument document = new EmfDocument(Map.of("Function", "a\",\"Decisions\":999,\"x\":\"\n"),
                List.of(new MetricDirective(List.of(List.of("Function")), List.of(Metric.count("Decisions", 1)))));

        String rendered = WRITER.appendTo(JsonLine.info("x"), document, AT).render();

        EmfValidator.assertValid(rendered);
        assertThat(EmfDatapoints.read(rendered)).singleElement().satisfies(p -> assertThat(p.sum()).isEqualTo(1));
    }

    @Test
    void refusesDocumentsCloudWatchWouldNotExtract() {
        List<Metric> one = List.of(Metric.count("Decisions", 1));
        assertThatThrownBy(() -> new EmfDocument(Map.of(), List.of(new MetricDirective(List.of(List.of("Function")),
                one)))).hasMessageContaining("Function has no value");
        assertThatThrownBy(() -> new MetricDirective(List.of(Collections.nCopies(31, "D")), one))
                .hasMessageContaining("30");
        assertThatThrownBy(() -> new EmfDocument(Map.of("Decisions", "x"), List.of(new MetricDirective(
                List.of(List.of("Decisions")), one)))).hasMessageContaining("twice");
        assertThatThrownBy(() -> Metric.milliseconds("Latency", Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> Metric.count("no spaces", 1)).hasMessageContaining("name");
        assertThatThrownBy(() -> new EmfDocument(Map.of("Function", ""), List.of(new MetricDirective(
                List.of(List.of("Function")), one)))).hasMessageContaining("1 to 1024");
    }
}
