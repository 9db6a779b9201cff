package dev.tokengate.authorizer.metrics;

import dev.tokengate.authorizer.decision.Decision;
import dev.tokengate.authorizer.revocation.StoreMetrics;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.KeyFetches;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Reads the container's meters for one decision line: what the key sources fetched and what the revocation check
 * observed since the previous line, with the decision itself.
 */
public final class DecisionMeters {
    private final Supplier<KeyFetches> keyFetches;
    private final StoreMetrics store;
    private final boolean notRevokedCacheOn;

    /**
     * @param keyFetches drains the validator's fetch counts
     * @param notRevokedCacheOn whether {@code NotRevokedCacheHits} is published (only when the cache is configured)
     */
    public DecisionMeters(Supplier<KeyFetches> keyFetches, StoreMetrics store, boolean notRevokedCacheOn) {
        this.keyFetches = Objects.requireNonNull(keyFetches, "keyFetches");
        this.store = Objects.requireNonNull(store, "store");
        this.notRevokedCacheOn = notRevokedCacheOn;
    }

    public DecisionMetrics of(Decision decision, double latencyMillis) {
        Optional<DenyReason> reason = decision instanceof Decision.Deny deny ? Optional.of(deny.reason())
                : decision instanceof Decision.Unavailable down ? Optional.of(down.reason()) : Optional.empty();
        return measure(decision.outcomeName(), reason, decision.issuerId(), latencyMillis);
    }

    /** The handler's safety net answered: a bug, not a decision. */
    public DecisionMetrics ofError(double latencyMillis) {
        return measure(DecisionMetrics.ERROR, Optional.empty(), Optional.empty(), latencyMillis);
    }

    private DecisionMetrics measure(String outcome, Optional<DenyReason> reason, Optional<String> issuerId,
                                    double latencyMillis) {
        return new DecisionMetrics(outcome, reason, issuerId, latencyMillis, store.roundTrips().drain(),
                keyFetches.get(), notRevokedCacheOn ? OptionalLong.of(store.cacheHits().drain()) : OptionalLong.empty(),
                store.hotTokenHolds().drain());
    }
}
