package dev.tokengate.authorizer.metrics;

import dev.tokengate.core.metrics.EmfDocument;
import dev.tokengate.core.metrics.Metric;
import dev.tokengate.core.metrics.MetricCatalog;
import dev.tokengate.core.metrics.MetricDirective;
import dev.tokengate.core.metrics.MetricUnit;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.KeyFetches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The metrics of one authorizer invocation, published in its decision line. Dimensions come from closed sets only
 * (outcomes, {@link DenyReason} names, configured issuer profile ids), never from a token's {@code sub}, {@code jti}
 * or a request path, so the number of CloudWatch metrics stays bounded.
 *
 * <ul>
 *   <li>{@code Decisions} (1) by {@code Function}; {@code Function, Outcome}; and {@code Function, Outcome, Reason,
 *       IssuerId}: what the alarms and the dashboard count;</li>
 *   <li>{@code DecisionLatency}, {@code StoreLatency} (every DynamoDB round trip since the last line), JWKS and
 *       discovery fetches and failures, and the revocation answers given from memory: {@code NotRevokedCacheHits}
 *       (when the cache is on) and {@code HotTokenHolds} (the hot-token shield's held answers): by {@code Function}.
 *       The last six appear only in the lines where they are not zero.</li>
 * </ul>
 *
 * @param outcome ALLOW, UNAUTHORIZED, FORBIDDEN, UNAVAILABLE, or ERROR (the handler's safety net: an uncaught bug)
 */
public record DecisionMetrics(String outcome, Optional<DenyReason> reason, Optional<String> issuerId,
                              double latencyMillis, List<Double> storeLatencyMillis, KeyFetches keyFetches,
                              OptionalLong notRevokedCacheHits, long hotTokenHolds) {
    public static final String DECISIONS = "Decisions";
    public static final String DECISION_LATENCY = "DecisionLatency";
    public static final String STORE_LATENCY = "StoreLatency";
    public static final String JWKS_FETCHES = "JwksFetches";
    public static final String JWKS_FETCH_FAILURES = "JwksFetchFailures";
    public static final String DISCOVERY_FETCHES = "DiscoveryFetches";
    public static final String DISCOVERY_FETCH_FAILURES = "DiscoveryFetchFailures";
    public static final String NOT_REVOKED_CACHE_HITS = "NotRevokedCacheHits";
    public static final String HOT_TOKEN_HOLDS = "HotTokenHolds";

    public static final String OUTCOME = "Outcome";
    public static final String REASON = "Reason";
    public static final String ISSUER_ID = "IssuerId";
    /** Reason of an Allow, issuer of a token no profile took: no reason name is it, and profile ids are lower case. */
    public static final String NONE = "NONE";
    /** The outcome of the handler's safety net (a bug, answered as an error). */
    public static final String ERROR = "ERROR";
    public static final String ALLOW = "ALLOW";

    static final List<List<String>> DECISION_DIMENSIONS = List.of(List.of(EmfDocument.FUNCTION),
            List.of(EmfDocument.FUNCTION, OUTCOME), List.of(EmfDocument.FUNCTION, OUTCOME, REASON, ISSUER_ID));
    static final List<List<String>> FUNCTION_ONLY = List.of(List.of(EmfDocument.FUNCTION));

    public DecisionMetrics {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(issuerId, "issuerId");
        storeLatencyMillis = List.copyOf(storeLatencyMillis);
        Objects.requireNonNull(keyFetches, "keyFetches");
        Objects.requireNonNull(notRevokedCacheHits, "notRevokedCacheHits");
        if (hotTokenHolds < 0) {
            throw new IllegalArgumentException("hotTokenHolds must not be negative");
        }
    }

    /** Every outcome a decision line can carry. */
    public static List<String> outcomes() {
        List<String> outcomes = new ArrayList<>();
        outcomes.add(ALLOW);
        for (DenyReason.Outcome outcome : DenyReason.Outcome.values()) {
            outcomes.add(outcome.name());
        }
        outcomes.add(ERROR);
        return outcomes;
    }

    public EmfDocument emf(String function) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(EmfDocument.FUNCTION, function);
        dimensions.put(OUTCOME, outcome);
        dimensions.put(REASON, reason.map(Enum::name).orElse(NONE));
        dimensions.put(ISSUER_ID, issuerId.orElse(NONE));
        List<Metric> perFunction = new ArrayList<>(8);
        perFunction.add(Metric.milliseconds(DECISION_LATENCY, latencyMillis));
        if (!storeLatencyMillis.isEmpty()) {
            perFunction.add(Metric.milliseconds(STORE_LATENCY, storeLatencyMillis));
        }
        // Rare events only when they happened: this line is written for every request, and a sum over a period
        // needs no zeros (the alarms treat missing data as not breaching).
        countIfAny(perFunction, JWKS_FETCHES, keyFetches.jwksFetches());
        countIfAny(perFunction, JWKS_FETCH_FAILURES, keyFetches.jwksFailures());
        countIfAny(perFunction, DISCOVERY_FETCHES, keyFetches.discoveryFetches());
        countIfAny(perFunction, DISCOVERY_FETCH_FAILURES, keyFetches.discoveryFailures());
        notRevokedCacheHits.ifPresent(hits -> countIfAny(perFunction, NOT_REVOKED_CACHE_HITS, hits));
        countIfAny(perFunction, HOT_TOKEN_HOLDS, hotTokenHolds);
        return new EmfDocument(dimensions, List.of(
                new MetricDirective(DECISION_DIMENSIONS, List.of(Metric.count(DECISIONS, 1))),
                new MetricDirective(FUNCTION_ONLY, perFunction)));
    }

    private static void countIfAny(List<Metric> metrics, String name, long count) {
        if (count > 0) {
            metrics.add(Metric.count(name, count));
        }
    }

    /** Every metric the authorizer publishes: what alarms and the dashboard may refer to. */
    public static MetricCatalog catalog() {
        List<String> reasons = new ArrayList<>();
        for (DenyReason reason : DenyReason.values()) {
            reasons.add(reason.name());
        }
        reasons.add(NONE);
        List<MetricCatalog.Entry> entries = new ArrayList<>();
        entries.add(new MetricCatalog.Entry(DECISIONS, MetricUnit.COUNT, DECISION_DIMENSIONS));
        entries.add(new MetricCatalog.Entry(DECISION_LATENCY, MetricUnit.MILLISECONDS, FUNCTION_ONLY));
        entries.add(new MetricCatalog.Entry(STORE_LATENCY, MetricUnit.MILLISECONDS, FUNCTION_ONLY));
        for (String count : List.of(JWKS_FETCHES, JWKS_FETCH_FAILURES, DISCOVERY_FETCHES, DISCOVERY_FETCH_FAILURES,
                NOT_REVOKED_CACHE_HITS, HOT_TOKEN_HOLDS)) {
            entries.add(new MetricCatalog.Entry(count, MetricUnit.COUNT, FUNCTION_ONLY));
        }
        return new MetricCatalog(Map.of(OUTCOME, outcomes(), REASON, reasons), entries);
    }
}
