package dev.tokengate.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.audit.classify.AuditKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfWriterTest {
    private static final Instant AT = Instant.parse("2025-12-01T00:00:00.123Z");

    @Test
    void writesOneEmbeddedMetricFormatLineWithEveryCount() throws Exception {
        BatchMetrics metrics = new BatchMetrics();
        metrics.record();
        metrics.audited(AuditKind.REVOKED, false);
        metrics.record();
        metrics.audited(AuditKind.REVOKED, true);
        metrics.record();
        metrics.skipped();
        metrics.record();
        metrics.audited(AuditKind.REVOCATION_WEAKENED, false);
        metrics.record();
        metrics.failed();
        List<String> lines = new ArrayList<>();

        new EmfWriter(lines::add).write(metrics, "tokengate-AuditStreamFunction-X1", AT);

        assertThat(lines).hasSize(1);
        JsonNode emf = new ObjectMapper().readTree(lines.get(0));
        JsonNode aws = emf.get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(AT.toEpochMilli());
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("tokengate");
        assertThat(directive.get("Dimensions").get(0).get(0).asText()).isEqualTo("Function");
        assertThat(emf.get("Function").asText()).isEqualTo("tokengate-AuditStreamFunction-X1");
        List<String> declared = new ArrayList<>();
        directive.get("Metrics").forEach(metric -> {
            declared.add(metric.get("Name").asText());
            assertThat(metric.get("Unit").asText()).isEqualTo("Count");
            assertThat(emf.has(metric.get("Name").asText())).as("value of %s", metric).isTrue();
        });
        assertThat(declared).contains("REVOKED", "FAMILY_REVOKED", "USER_REVOKED_ALL", "EXPIRED", "DELETED",
                "REGISTERED", "REVOCATION_WEAKENED", "MALFORMED", "Records", "Skipped", "RevocationWeakened",
                "AlreadyWritten", "Failures");
        assertThat(emf.get("REVOKED").asLong()).isEqualTo(2);
        assertThat(emf.get("EXPIRED").asLong()).isZero();
        assertThat(emf.get("Records").asLong()).isEqualTo(5);
        assertThat(emf.get("Skipped").asLong()).isEqualTo(1);
        assertThat(emf.get("REVOCATION_WEAKENED").asLong()).isEqualTo(1);
        assertThat(emf.get("RevocationWeakened").asLong()).isEqualTo(1);
        assertThat(emf.get("AlreadyWritten").asLong()).isEqualTo(1);
        assertThat(emf.get("Failures").asLong()).isEqualTo(1);
    }

    @Test
    void functionNameIsEscaped() throws Exception {
        String line = EmfWriter.render(new BatchMetrics(), "a\"b\n", AT);

        assertThat(new ObjectMapper().readTree(line).get("Function").asText()).isEqualTo("a\"b\n");
        assertThat(line).doesNotContain("\n");
    }
}
