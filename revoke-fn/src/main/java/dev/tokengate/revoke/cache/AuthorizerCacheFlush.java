package dev.tokengate.revoke.cache;

import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import dev.tokengate.core.table.RevocationRace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Optional: after a revocation changed the table, flush the authorizer result cache of the configured API Gateway
 * stages, so a token revoked now is refused on its next request instead of when its cached Allow expires. Off unless
 * targets are configured.
 *
 * <p>Three rules, each against a way the flush could fail its purpose:
 * <ul>
 *   <li><b>Late enough.</b> The flush that covers a change starts {@link RevocationRace#FLUSH_SETTLE} after the
 *   write was acknowledged, so an Allow answered on a read from before the write is already cached, and removed.</li>
 *   <li><b>Rare enough.</b> Per stage, across every container ({@link FlushLeases}), at most one flush starts per
 *   {@link #MIN_INTERVAL}: a flood of revocations cannot spend the account's API Gateway control-plane quota, which
 *   the flush of a real revocation then needs. A change that a flush started after its settle time already covers
 *   is answered {@link FlushStatus#COALESCED} without a call of its own, but only once that flush has succeeded: a
 *   flush still under way is waited for (up to {@link #UNDER_WAY_LIMIT}), and a failed one covers nothing.</li>
 *   <li><b>Never skipped.</b> A change that no such flush covers waits for the stage's next slot and flushes then
 *   (a trailing flush), so the last change of a burst is flushed too.</li>
 * </ul>
 * A failure is logged and reported, never turned into a failed revocation: the revocation is already stored, and the
 * cache entry expires on its own within the authorizer TTL. If the leases cannot be read or written, the stage is
 * flushed anyway: a revocation that takes effect matters more than the quota.
 */
public final class AuthorizerCacheFlush {
    /** Per stage and account: at most one flush starts per interval (API Gateway's management calls share ~10/s). */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** Lost claims before a container stops coordinating and flushes on its own. */
    static final int MAX_ROUNDS = 3;
    /** How often a covering flush under way is looked at again. */
    static final Duration UNDER_WAY_POLL = Duration.ofMillis(100);
    /**
     * How long after its start a covering flush may still be under way before it is taken for failed (its container
     * died, or could not mark it): the flush call's own limit (3 s) with room for marking it. Also how long after
     * the change became due one request waits for flushes under way, over all its stages.
     */
    static final Duration UNDER_WAY_LIMIT = Duration.ofSeconds(5);
    /**
     * The same bound in looks (from the change, which is at most the settle time before it is due), should the clock
     * not move as expected.
     */
    static final long MAX_POLLS = RevocationRace.FLUSH_SETTLE.plus(UNDER_WAY_LIMIT).dividedBy(UNDER_WAY_POLL);

    private final List<FlushTarget> targets;
    private final StageFlusher flusher;
    private final FlushLeases leases;
    private final Clock clock;
    private final Pause pause;
    private final LogSink log;

    public AuthorizerCacheFlush(List<FlushTarget> targets, StageFlusher flusher, FlushLeases leases, Clock clock,
                                Pause pause, LogSink log) {
        this.targets = List.copyOf(targets);
        this.flusher = Objects.requireNonNull(flusher, "flusher");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.log = Objects.requireNonNull(log, "log");
    }

    private AuthorizerCacheFlush() {
        this.targets = List.of();
        this.flusher = null;
        this.leases = null;
        this.clock = null;
        this.pause = null;
        this.log = null;
    }

    /** No targets: every answer is {@link FlushStatus#NOT_CONFIGURED} and nothing is ever called. */
    public static AuthorizerCacheFlush disabled() {
        return new AuthorizerCacheFlush();
    }

    public boolean enabled() {
        return !targets.isEmpty();
    }

    public List<FlushTarget> targets() {
        return targets;
    }

    /**
     * Makes sure every stage is flushed after a change written (acknowledged) at {@code changedAt}, and reports the
     * worst result: {@link FlushStatus#FAILED} if any stage could not be flushed, else {@link FlushStatus#COALESCED}
     * if another request's flush covered any stage, else {@link FlushStatus#FLUSHED}.
     */
    public FlushStatus afterChange(Instant changedAt) {
        if (targets.isEmpty()) {
            return FlushStatus.NOT_CONFIGURED;
        }
        Instant due = changedAt.plus(RevocationRace.FLUSH_SETTLE);
        Instant stopWaiting = due.plus(UNDER_WAY_LIMIT);
        FlushStatus overall = FlushStatus.FLUSHED;
        for (FlushTarget target : targets) {
            overall = overall.worse(flushTarget(target, due, stopWaiting));
        }
        return overall;
    }

    /** What a request that changed nothing reports: no flush was needed, none was made. */
    public FlushStatus unchanged() {
        return targets.isEmpty() ? FlushStatus.NOT_CONFIGURED : FlushStatus.NOT_NEEDED;
    }

    private FlushStatus flushTarget(FlushTarget target, Instant due, Instant stopWaiting) {
        long polls = 0;
        for (int lost = 0; ; ) {
            Optional<FlushLeases.Lease> last;
            try {
                last = leases.last(target);
            } catch (SdkException e) {
                return flushUncoordinated(target, due, e);
            }
            if (last.isPresent() && !last.get().start().isBefore(due)) {
                FlushLeases.Lease covering = last.get();
                if (covering.state() == FlushLeases.State.FLUSHED) {
                    return FlushStatus.COALESCED;
                }
                Instant limit = covering.start().plus(UNDER_WAY_LIMIT);
                Instant giveUp = limit.isBefore(stopWaiting) ? limit : stopWaiting;
                Instant now = clock.instant();
                if (covering.state() == FlushLeases.State.UNDER_WAY && now.isBefore(giveUp) && polls < MAX_POLLS) {
                    // late enough, not done yet: it will cover this change if it succeeds
                    Instant poll = now.plus(UNDER_WAY_POLL);
                    pause.until(poll.isBefore(giveUp) ? poll : giveUp);
                    polls++;
                    continue;
                }
                // failed (or never finished): it covers nothing, but its start still spaces the stage's flushes
            }
            if (lost == MAX_ROUNDS) {
                break; // read after the last lost claim too: the flush that won it may well cover this change
            }
            Optional<Instant> seen = last.map(FlushLeases.Lease::start);
            Instant slot = seen.map(start -> start.plus(MIN_INTERVAL)).filter(due::isBefore).orElse(due);
            pause.until(slot);
            Instant start = clock.instant();
            boolean claimed;
            try {
                claimed = leases.claim(target, seen, start);
            } catch (SdkException e) {
                return flushUncoordinated(target, due, e);
            }
            if (claimed) {
                return flushClaimed(target, start);
            }
            lost++; // another container claimed this slot: its flush may have started late enough; read again
        }
        log.write(JsonLine.warn("authorizer_cache_flush_contended")
                .with("target", target.toString())
                .with("rounds", MAX_ROUNDS));
        pause.until(due);
        return flush(target);
    }

    private FlushStatus flushUncoordinated(FlushTarget target, Instant due, SdkException cause) {
        log.write(JsonLine.warn("authorizer_cache_flush_lease_unavailable")
                .with("target", target.toString())
                .with("error", cause.getClass().getSimpleName()));
        pause.until(due); // uncoordinated, but still late enough to cover the change
        return flush(target);
    }

    /** The flush this container claimed, marked done or failed so others know whether it covers them. */
    private FlushStatus flushClaimed(FlushTarget target, Instant start) {
        FlushStatus status = flush(target);
        try {
            if (status == FlushStatus.FLUSHED) {
                leases.complete(target, start);
            } else {
                leases.fail(target, start);
            }
        } catch (SdkException e) {
            // Unmarked, the flush looks under way: others wait for it up to UNDER_WAY_LIMIT, then take it for
            // failed and flush themselves. No change is left uncovered.
            log.write(JsonLine.warn("authorizer_cache_flush_lease_unavailable")
                    .with("target", target.toString())
                    .with("error", e.getClass().getSimpleName()));
        }
        return status;
    }

    private FlushStatus flush(FlushTarget target) {
        try {
            flusher.flush(target);
            return FlushStatus.FLUSHED;
        } catch (RuntimeException e) {
            log.write(JsonLine.warn("authorizer_cache_flush_failed")
                    .with("target", target.toString())
                    .with("error", e.getClass().getSimpleName()));
            return FlushStatus.FAILED;
        }
    }
}
