package dev.tokengate.authorizer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.authorizer.decision.Decision;
import dev.tokengate.authorizer.revocation.StoreMetrics;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.metrics.EmfDocument;
import dev.tokengate.core.metrics.EmfWriter;
import dev.tokengate.core.metrics.MetricCatalog;
import dev.tokengate.core.metrics.MetricNamespace;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.KeyFetches;
import dev.tokengate.testkit.emf.EmfDatapoints;
import dev.tokengate.testkit.emf.EmfValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecisionMetricsTest {
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");
    private static final EmfWriter WRITER = new EmfWriter(new MetricNamespace("tokengate"));
    private static final MetricCatalog CATALOG = DecisionMetrics.catalog();

    private static Decision decisionFor(DenyReason reason) {
        return reason.outcome() == DenyReason.Outcome.UNAVAILABLE
                ? new Decision.Unavailable(reason, Optional.empty(), "down", Optional.of("cognito"))
                : Decision.Deny.unauthorized(reason, "refused", Optional.of("cognito"));
    }

    private static String line(DecisionMetrics metrics) {
        return WRITER.appendTo(JsonLine.info("authorizer.decision").with("outcome", metrics.outcome()),
                metrics.emf("tokengate-AuthorizerFunction-Q1"), AT).render();
    }

    @ParameterizedTest
    @EnumSource(value = DenyReason.class, names = "INSUFFICIENT_SCOPE", mode = EnumSource.Mode.EXCLUDE)
    void everyRefusalAndOutageIsOneDecisionByOutcomeReasonAndIssuer(DenyReason reason) {
        StoreMetrics store = new StoreMetrics();
        store.roundTrips().record(2_500_000);
        DecisionMetrics metrics = new DecisionMeters(() -> new KeyFetches(1, 1, 0, 0), store, false)
                .of(decisionFor(reason), 3.25);

        String line = line(metrics);

        EmfValidator.assertValid(line);
        assertThat(CATALOG.admits(metrics.emf("f"))).isTrue();
        List<EmfDatapoints.Datapoint> decisions = EmfDatapoints.read(line).stream()
                .filter(p -> p.metric().equals(DecisionMetrics.DECISIONS)).toList();
        assertThat(decisions).extracting(p -> p.dimensions().size()).containsExactlyInAnyOrder(1, 2, 4);
        assertThat(decisions).allSatisfy(p -> assertThat(p.sum()).isEqualTo(1));
        assertThat(decisions).filteredOn(p -> p.dimensions().size() == 4).singleElement()
                .satisfies(p -> assertThat(p.dimensions()).containsEntry("Outcome", reason.outcome().name())
                        .containsEntry("Reason", reason.name()).containsEntry("IssuerId", "cognito"));
        assertThat(value(line, DecisionMetrics.STORE_LATENCY)).containsExactly(2.5);
        assertThat(value(line, DecisionMetrics.DECISION_LATENCY)).containsExactly(3.25);
        assertThat(value(line, DecisionMetrics.JWKS_FETCH_FAILURES)).containsExactly(1.0);
        assertThat(value(line, DecisionMetrics.NOT_REVOKED_CACHE_HITS)).as("only when the cache is on").isEmpty();
    }

    @Test
    void anAllowHasNoReasonAndAnUnselectedIssuerIsNone() {
        DecisionMeters meters = new DecisionMeters(() -> KeyFetches.NONE, new StoreMetrics(), true);

        EmfDocument error = meters.ofError(1).emf("f");
        EmfDocument unknownIssuer = meters.of(Decision.Deny.unauthorized(DenyReason.UNKNOWN_ISSUER, "x"), 1).emf("f");

        assertThat(error.dimensions()).containsEntry("Outcome", "ERROR").containsEntry("Reason", "NONE")
                .containsEntry("IssuerId", "NONE");
        assertThat(unknownIssuer.dimensions()).containsEntry("IssuerId", "NONE");
        assertThat(CATALOG.admits(error)).isTrue();
        assertThat(value(line(meters.ofError(1)), DecisionMetrics.STORE_LATENCY)).as("no round trip, no sample")
                .isEmpty();
        assertThat(value(line(meters.ofError(1)), DecisionMetrics.NOT_REVOKED_CACHE_HITS)).as("zero is left out")
                .isEmpty();
        assertThat(value(line(meters.ofError(1)), DecisionMetrics.JWKS_FETCHES)).isEmpty();
    }

    @Test
    void theStoreAndFetchMetersAreDrainedByTheLineThatReportsThem() {
        StoreMetrics store = new StoreMetrics();
        int[] fetches = {2};
        DecisionMeters meters = new DecisionMeters(() -> new KeyFetches(fetches[0], 0, 0, 0), store, true);
        store.roundTrips().record(1_000_000);
        store.cacheHits().add();
        store.hotTokenHolds().add();
        store.hotTokenHolds().add();

        DecisionMetrics first = meters.ofError(1);
        fetches[0] = 0;
        DecisionMetrics second = meters.ofError(1);

        assertThat(first.storeLatencyMillis()).containsExactly(1.0);
        assertThat(first.notRevokedCacheHits()).hasValue(1);
        assertThat(first.keyFetches().jwksFetches()).isEqualTo(2);
        assertThat(first.hotTokenHolds()).isEqualTo(2);
        assertThat(value(line(first), DecisionMetrics.HOT_TOKEN_HOLDS)).containsExactly(2.0);
        assertThat(second.storeLatencyMillis()).isEmpty();
        assertThat(second.notRevokedCacheHits()).hasValue(0);
        assertThat(second.hotTokenHolds()).isZero();
        assertThat(value(line(second), DecisionMetrics.HOT_TOKEN_HOLDS)).as("zero is left out").isEmpty();
    }

    @Test
    void theCatalogListsEveryMetricAndOutcomeThatIsWrittenAndNothingElse() {
        Set<String> written = new HashSet<>();
        Set<String> outcomes = new HashSet<>();
        StoreMetrics store = new StoreMetrics();
        DecisionMeters meters = new DecisionMeters(() -> new KeyFetches(1, 1, 1, 1), store, true);
        List<DecisionMetrics> all = new ArrayList<>();
        for (DenyReason reason : DenyReason.values()) {
            if (reason != DenyReason.INSUFFICIENT_SCOPE) {
                store.roundTrips().record(1);
                store.cacheHits().add();
                store.hotTokenHolds().add();
                all.add(meters.of(decisionFor(reason), 1));
            }
        }
        all.add(meters.ofError(1));
        all.add(new DecisionMetrics("ALLOW", Optional.empty(), Optional.of("x"), 1, List.of(), KeyFetches.NONE,
                OptionalLong.empty(), 0));
        all.add(new DecisionMetrics("FORBIDDEN", Optional.of(DenyReason.INSUFFICIENT_SCOPE), Optional.of("x"), 1,
                List.of(), KeyFetches.NONE, OptionalLong.empty(), 0));
        for (DecisionMetrics metrics : all) {
            EmfDocument document = metrics.emf("f");
            assertThat(CATALOG.admits(document)).as(metrics.toString()).isTrue();
            document.directives().forEach(d -> d.metrics().forEach(m -> written.add(m.name())));
            outcomes.add(document.dimensions().get("Outcome"));
        }

        assertThat(written).containsExactlyInAnyOrderElementsOf(
                CATALOG.entries().stream().map(MetricCatalog.Entry::metric).toList());
        assertThat(outcomes).containsExactlyInAnyOrderElementsOf(CATALOG.closedValues().get("Outcome"));
    }

    private static List<Double> value(String line, String metric) {
        return EmfDatapoints.read(line).stream().filter(p -> p.metric().equals(metric)).findFirst()
                .map(EmfDatapoints.Datapoint::values).orElse(List.of());
    }
}
