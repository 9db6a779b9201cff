package dev.tokengate.core.table;

import java.time.Duration;

/**
 * The agreement between the authorizer and the revocation API that closes the race between a revocation and the
 * authorizer-cache flush that follows it. Without it, an authorizer call that read the table just before the
 * revocation was written, and answered Allow just after the stage was flushed, would leave a fresh Allow in API
 * Gateway's cache for the whole authorizer TTL.
 *
 * <ul>
 *   <li>The authorizer answers Allow only on revocation data read at most {@link #MAX_READ_AGE} before it answers
 *   (a slower decision is an uncached error instead).</li>
 *   <li>The revocation API starts the flush that covers a write no earlier than {@link #FLUSH_SETTLE} after the
 *   write was acknowledged: every Allow resting on a read from before the write has then been answered, and given
 *   {@link #ANSWER_DELIVERY} to reach API Gateway's cache, so the flush removes it.</li>
 * </ul>
 * Both sides measure a duration on their own clock; no two clocks are compared.
 */
public final class RevocationRace {
    /** The longest an Allow may rest on a revocation read (its start to the answer). */
    public static final Duration MAX_READ_AGE = Duration.ofMillis(1500);
    /** Time allowed between the authorizer returning and API Gateway holding the answer in its cache. */
    public static final Duration ANSWER_DELIVERY = Duration.ofMillis(500);
    /** How long after a revocation write the flush that covers it may start. */
    public static final Duration FLUSH_SETTLE = MAX_READ_AGE.plus(ANSWER_DELIVERY);

    private RevocationRace() {
    }
}
