package dev.tokengate.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.audit.classify.AuditKind;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.metrics.EmfDocument;
import dev.tokengate.core.metrics.EmfWriter;
import dev.tokengate.core.metrics.MetricNamespace;
import dev.tokengate.testkit.emf.EmfDatapoints;
import dev.tokengate.testkit.emf.EmfValidator;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchMetricsTest {
    private static final Instant AT = Instant.parse("2025-12-01T00:00:00.123Z");
    private static final EmfWriter WRITER = new EmfWriter(new MetricNamespace("tokengate"));

    @Test
    void writesOneValidEmfLineWithEveryCountUnderTheFunctionName() throws Exception {
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
        metrics.audited(AuditKind.DELETED, false);
        metrics.record();
        metrics.failed();

        String line = WRITER.appendTo(JsonLine.info("audit.batch"), metrics.emf("tokengate-AuditStreamFunction-X1"),
                AT).render();

        EmfValidator.assertValid(line);
        JsonNode emf = new ObjectMapper().readTree(line);
        assertThat(emf.path("Function").asText()).isEqualTo("tokengate-AuditStreamFunction-X1");
        assertThat(emf.path("REVOKED").asLong()).isEqualTo(2);
        assertThat(emf.path("EXPIRED").asLong()).as("zeros are published too").isZero();
        assertThat(emf.path("DELETED").asLong()).isEqualTo(1);
        assertThat(emf.path("REVOCATION_WEAKENED").asLong()).isEqualTo(1);
        assertThat(emf.path("RevocationWeakened").asLong()).isEqualTo(1);
        assertThat(emf.path("Records").asLong()).isEqualTo(6);
        assertThat(emf.path("Skipped").asLong()).isEqualTo(1);
        assertThat(emf.path("AlreadyWritten").asLong()).isEqualTo(1);
        assertThat(emf.path("Failures").asLong()).isEqualTo(1);
        assertThat(EmfDatapoints.read(line)).extracting(EmfDatapoints.Datapoint::metric)
                .containsAll(Arrays.stream(AuditKind.values()).map(Enum::name).toList());
    }

    @Test
    void theCatalogListsExactlyWhatIsWritten() {
        EmfDocument document = new BatchMetrics().emf("f");

        assertThat(BatchMetrics.catalog().admits(document)).isTrue();
        assertThat(BatchMetrics.catalog().entries()).extracting(e -> e.metric())
                .containsExactlyElementsOf(new BatchMetrics().values().keySet());
    }

    @Test
    void theFunctionNameIsEscaped() {
        String line = WRITER.appendTo(JsonLine.info("audit.batch"), new BatchMetrics().emf("a\"b\n"), AT).render();

        EmfValidator.assertValid(line);
        assertThat(line).doesNotContain("\n");
    }
}
