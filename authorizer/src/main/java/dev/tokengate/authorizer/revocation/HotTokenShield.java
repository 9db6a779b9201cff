package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.cache.BoundedMaps;
import dev.tokengate.core.metrics.Tally;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps one busy token from exhausting its user's DynamoDB partition (3,000 read units per second, 3 per strongly
 * consistent decision: about 1,000 decisions per second for the whole fleet, docs/SCALE.md). When this container
 * decides the same token (issuer profile, {@code sub}, {@code jti}) more than {@code threshold} times within a
 * sliding second, the answer of a read is held for {@link #HOLD}: decisions in that second are answered from memory,
 * the first one after it reads again. A token decided {@code threshold} times per second or less is read on every
 * decision, as without the shield, and keeps the "next request is refused" guarantee.
 *
 * <p>Revocation bound: a held answer comes from a read that began at or after the decision instant it is held from
 * (the decider reads its clock just before the check, the read comes after), and is used only while the decision
 * instant is less than {@link #HOLD} later. So a decision made one second or more after a revocation was acknowledged is
 * refused in every container (with strongly consistent reads; eventually consistent ones add their own delay, and an
 * inner {@link NotRevokedCache} adds its own time).
 *
 * <p>What is held, and what is not:
 * <ul>
 *   <li>{@code NOT_REVOKED} and {@code REVOKED} answers of a hot token. Holding {@code REVOKED} errs on the safe side
 *       (a revoked token hammering the authorizer, a retry loop with a stolen token, stops costing reads), at the
 *       price of an un-revocation by hand taking up to a second more in this container.</li>
 *   <li>Never {@code UNAVAILABLE} (a failed or throttled read): it is answered once, as the uncached error, and
 *       drops any held answer, so the next decision reads again.</li>
 * </ul>
 *
 * <p>Memory: at most {@code maxEntries} tokens (least recently decided evicted first), each with {@code threshold + 1}
 * decision instants. Evicting an entry only costs reads: a token it forgets is read on its next decision. Time comes
 * only from the {@code now} each check is given (the handler's injected clock); nothing is captured at init.
 */
public final class HotTokenShield implements RevocationCheck {
    /** How long one read's answer may be reused for a hot token. */
    public static final Duration HOLD = Duration.ofSeconds(1);
    /** The sliding window the threshold counts decisions in. */
    public static final Duration WINDOW = Duration.ofSeconds(1);
    static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Above this, "ordinary" would mean nothing: a container makes at most a few hundred decisions per second. */
    public static final int MAX_THRESHOLD = 100;

    private static final long HOLD_NANOS = HOLD.toNanos();
    private static final long WINDOW_NANOS = WINDOW.toNanos();

    private final RevocationCheck delegate;
    private final int threshold;
    private final Tally holds;
    private final Map<String, Entry> entries;

    /**
     * @param threshold decisions of one token per sliding second that are still each read; one more makes it hot
     * @param holds counts the answers given from a hold (the decision line's {@code HotTokenHolds})
     */
    public HotTokenShield(RevocationCheck delegate, int threshold, Tally holds) {
        this(delegate, threshold, holds, DEFAULT_MAX_ENTRIES);
    }

    HotTokenShield(RevocationCheck delegate, int threshold, Tally holds, int maxEntries) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.holds = Objects.requireNonNull(holds, "holds");
        if (threshold < 1 || threshold > MAX_THRESHOLD) {
            throw new IllegalArgumentException("threshold must be between 1 and " + MAX_THRESHOLD);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.threshold = threshold;
        this.entries = BoundedMaps.leastRecentlyUsed(maxEntries);
    }

    /** {@code check}, shielded when {@code threshold > 0}; {@code 0} turns the shield off. */
    public static RevocationCheck around(RevocationCheck check, int threshold, Tally holds) {
        return threshold == 0 ? check : new HotTokenShield(check, threshold, holds);
    }

    @Override
    public RevocationStatus check(ValidatedToken token, Instant now) {
        // The same key as NotRevokedCache: everything the lookup reads follows from these three claims.
        String key = token.issuerId() + '\n' + token.subject() + '\n' + token.tokenId();
        long at = nanos(now);
        boolean hot;
        synchronized (entries) {
            Entry entry = entries.computeIfAbsent(key, k -> new Entry(threshold + 1));
            entry.record(at);
            RevocationStatus held = entry.heldAt(at);
            if (held != null) {
                holds.add();
                return held;
            }
            hot = entry.isHot(at);
        }
        RevocationStatus status = delegate.check(token, now);
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null) {
                if (hot && status.kind() != RevocationStatus.Kind.UNAVAILABLE) {
                    entry.hold(status, at, now);
                } else {
                    entry.release();
                }
            }
        }
        return status;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static long nanos(Instant now) {
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    /** One token's last {@code threshold + 1} decision instants and the answer held for it, if any. */
    private static final class Entry {
        private final long[] recent;
        private int next;
        private int recorded;
        private RevocationStatus held;
        private long heldFrom;

        Entry(int size) {
            this.recent = new long[size];
        }

        void record(long at) {
            recent[next] = at;
            next = (next + 1) % recent.length;
            recorded = Math.min(recorded + 1, recent.length);
        }

        /** More than {@code threshold} decisions, this one included, within the sliding second that ends now. */
        boolean isHot(long at) {
            // After record(), recent[next] is the oldest of the last threshold + 1 instants.
            return recorded == recent.length && at - recent[next] < WINDOW_NANOS;
        }

        /** The held answer while the decision instant is in [read instant, read instant + HOLD). */
        RevocationStatus heldAt(long at) {
            if (held == null) {
                return null;
            }
            if (at < heldFrom || at - heldFrom >= HOLD_NANOS) {
                // Expired, or the clock went backwards: never stretch a hold past its second.
                held = null;
                return null;
            }
            return held;
        }

        void hold(RevocationStatus status, long at, Instant readAt) {
            held = status.heldFrom(readAt, " (held: hot token)");
            heldFrom = at;
        }

        void release() {
            held = null;
        }
    }
}
