package dev.tokengate.core.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count of events a component sees between two metric lines (JWKS fetches, cache hits): the component adds, the
 * handler drains it into the line it writes. Every event is reported exactly once, whichever line drains it.
 * Thread-safe.
 */
public final class Tally {
    private final AtomicLong count = new AtomicLong();

    public void add() {
        count.incrementAndGet();
    }

    /** The events since the previous drain. */
    public long drain() {
        return count.getAndSet(0);
    }
}
