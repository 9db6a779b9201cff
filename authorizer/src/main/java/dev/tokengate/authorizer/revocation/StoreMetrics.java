package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.metrics.Tally;
import dev.tokengate.core.metrics.Timings;

/**
 * What the revocation check observes for the metrics: the duration of each DynamoDB round trip (retries of
 * unprocessed keys included, failures too: a slow failure is what an operator needs to see), and the answers given
 * without asking DynamoDB, by the in-container "not revoked" cache and by the hot-token shield. Drained into each
 * decision line.
 */
public final class StoreMetrics {
    private final Timings roundTrips = new Timings();
    private final Tally cacheHits = new Tally();
    private final Tally hotTokenHolds = new Tally();

    public Timings roundTrips() {
        return roundTrips;
    }

    public Tally cacheHits() {
        return cacheHits;
    }

    public Tally hotTokenHolds() {
        return hotTokenHolds;
    }
}
