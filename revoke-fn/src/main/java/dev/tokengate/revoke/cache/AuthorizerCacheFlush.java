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
 *   flush still under way is waited for (its next slot), and a failed one hands its claim back.</li>
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
    /** Rounds (a lost claim, or a wait for another's flush under way) before a container flushes on its own. */
    static final int MAX_ROUNDS = 3;

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
        FlushStatus overall = FlushStatus.FLUSHED;
        for (FlushTarget target : targets) {
            overall = overall.worse(flushTarget(target, due));
        }
        return overall;
    }

    /** What a request that changed nothing reports: no flush was needed, none was made. */
    public FlushStatus unchanged() {
        return targets.isEmpty() ? FlushStatus.NOT_CONFIGURED : FlushStatus.NOT_NEEDED;
    }

    private FlushStatus flushTarget(FlushTarget target, Instant due) {
        for (int rounds = 0; ; rounds++) {
            Optional<FlushLeases.Lease> last;
            try {
                last = leases.last(target);
            } catch (SdkException e) {
                return flushUncoordinated(target, due, e);
            }
            boolean covering = last.isPresent() && !last.get().start().isBefore(due);
            if (covering && last.get().completed()) {
                return FlushStatus.COALESCED;
            }
            if (rounds == MAX_ROUNDS) {
                break; // read after the last lost round too: the flush that won it may well cover this change
            }
            if (covering) {
                // started late enough but not done yet: it succeeds (and covers this change) or hands its claim
                // back; look again when the stage's next slot opens
                pause.until(last.get().start().plus(MIN_INTERVAL));
                continue;
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
                return flushClaimed(target, seen, start);
            }
            // another container claimed this slot: its flush may have started late enough; read again
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

    /** The flush this container claimed: marked done, or handed back so nobody counts on it. */
    private FlushStatus flushClaimed(FlushTarget target, Optional<Instant> seen, Instant start) {
        FlushStatus status = flush(target);
        try {
            if (status == FlushStatus.FLUSHED) {
                leases.complete(target, start);
            } else {
                leases.release(target, seen, start);
            }
        } catch (SdkException e) {
            // Not marked done: others wait for it, then flush on their own. Not handed back: others wait for
            // their rounds, then flush on their own. Either way no change is left uncovered.
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
