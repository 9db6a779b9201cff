package dev.tokengate.core.token;

import dev.tokengate.core.metrics.Tally;

/** Where the key sources of one validator count their fetches; drained into the metrics of the next log line. */
final class KeyFetchCounts {
    final Tally jwksFetches = new Tally();
    final Tally jwksFailures = new Tally();
    final Tally discoveryFetches = new Tally();
    final Tally discoveryFailures = new Tally();

    KeyFetches drain() {
        return new KeyFetches(jwksFetches.drain(), jwksFailures.drain(), discoveryFetches.drain(),
                discoveryFailures.drain());
    }
}
