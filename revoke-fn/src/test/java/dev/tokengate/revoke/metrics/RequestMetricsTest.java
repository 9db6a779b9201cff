package dev.tokengate.revoke.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.metrics.EmfDocument;
import dev.tokengate.core.metrics.EmfWriter;
import dev.tokengate.core.metrics.MetricCatalog;
import dev.tokengate.core.metrics.MetricNamespace;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.revoke.cache.FlushStatus;
import dev.tokengate.revoke.revocation.Outcome;
import dev.tokengate.testkit.emf.EmfDatapoints;
import dev.tokengate.testkit.emf.EmfValidator;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {
    private static final EmfWriter WRITER = new EmfWriter(new MetricNamespace("tokengate"));
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void everyKindResultAndFlushIsAValidDocumentTheCatalogAdmits() {
        MetricCatalog catalog = RequestMetrics.catalog();
        Set<String> written = new HashSet<>();
        for (RevocationKind kind : RevocationKind.values()) {
            for (RevocationResult result : RevocationResult.values()) {
                for (FlushStatus flush : FlushStatus.values()) {
                    RequestMetrics metrics = new RequestMetrics(200, Optional.of(kind), Optional.of(result),
                            Optional.of(flush));
                    EmfDocument document = metrics.emf("tokengate-RevokeApiFunction-Z9");
                    String line = WRITER.appendTo(JsonLine.info("revoke_request"), document, AT).render();

                    EmfValidator.assertValid(line);
                    assertThat(catalog.admits(document)).as(metrics.toString()).isTrue();
                    EmfDatapoints.read(line).forEach(p -> written.add(p.metric()));
                }
            }
        }
        for (RevocationSource source : RequestMetrics.RECEIVED_SOURCES) {
            for (RevocationResult result : RevocationResult.values()) {
                EmfDocument document = new RequestMetrics(400, Optional.empty(), Optional.of(result),
                        Optional.empty(), Optional.of(source)).emf("tokengate-RevokeApiFunction-Z9");
                String line = WRITER.appendTo(JsonLine.info("revoke_request"), document, AT).render();
                EmfValidator.assertValid(line);
                assertThat(catalog.admits(document)).as("%s %s", source, result).isTrue();
                assertThat(document.dimensions()).containsEntry("Source", source.name()).doesNotContainKey("Kind");
                EmfDatapoints.read(line).forEach(p -> written.add(p.metric()));
            }
        }
        assertThat(written).containsExactlyInAnyOrderElementsOf(
                catalog.entries().stream().map(MetricCatalog.Entry::metric).toList());
    }

    @Test
    void countsTheStatusClassAndNothingButTheRequestOutsideTheRevocationRoutes() {
        EmfDocument error = new RequestMetrics(503, Optional.empty(), Optional.empty(), Optional.empty()).emf("f");
        EmfDocument unflushed = new RequestMetrics(200, Optional.of(RevocationKind.USER),
                Optional.of(RevocationResult.WRITTEN), Optional.of(FlushStatus.NOT_CONFIGURED)).emf("f");

        String line = WRITER.appendTo(JsonLine.info("x"), error, AT).render();
        assertThat(EmfDatapoints.read(line)).extracting(EmfDatapoints.Datapoint::metric, EmfDatapoints.Datapoint::sum)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Requests", 1.0),
                        org.assertj.core.groups.Tuple.tuple("ClientErrors", 0.0),
                        org.assertj.core.groups.Tuple.tuple("ServerErrors", 1.0));
        assertThat(unflushed.dimensions()).doesNotContainKey("Flush");
        assertThat(unflushed.directives()).hasSize(2);
    }

    @Test
    void eachDomainOutcomeHasItsResult() {
        assertThat(RevocationResult.of(new Outcome.Forbidden())).isEqualTo(RevocationResult.FORBIDDEN);
        assertThat(RevocationResult.of(new Outcome.Invalid("jti", "bad"))).isEqualTo(RevocationResult.INVALID);
        assertThat(RevocationResult.of(new Outcome.Unavailable(true, "x"))).isEqualTo(RevocationResult.UNAVAILABLE);
        assertThat(RevocationResult.of(new Outcome.AlreadyExpired(new dev.tokengate.core.table.Principal("d", "s"),
                "j", 1))).isEqualTo(RevocationResult.ALREADY_EXPIRED);
    }
}
