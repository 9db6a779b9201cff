package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.metrics.Tally;
import dev.tokengate.core.metrics.Timings;

/**
 * What the revocation check observes for the metrics: the duration of each DynamoDB round trip (retries of
 * unprocessed keys included, failures too: a slow failure is what an operator needs to see), and the answers the
 * in-container "not revoked" cache gave without asking DynamoDB. Drained into each decision line.
 */
public final class StoreMetrics {
    private final Timings roundTrips = new Timings();
    private final Tally cacheHits = new Tally();

    public Timings roundTrips() {
        return roundTrips;
    }

    public Tally cacheHits() {
        return cacheHits;
    }
}
