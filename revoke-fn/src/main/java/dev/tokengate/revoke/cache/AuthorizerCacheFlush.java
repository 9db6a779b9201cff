package dev.tokengate.revoke.cache;

import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import java.util.List;
import java.util.Objects;

/**
 * Optional: after a successful revocation, flush the authorizer result cache of the configured API Gateway stages,
 * so a token revoked now is refused on its next request instead of when its cached Allow expires. Off unless
 * targets are configured. A failure is logged and reported, never turned into a failed revocation: the revocation is
 * already stored, and the cache entry expires on its own within the authorizer TTL.
 */
public final class AuthorizerCacheFlush {
    private final List<FlushTarget> targets;
    private final StageFlusher flusher;
    private final LogSink log;

    public AuthorizerCacheFlush(List<FlushTarget> targets, StageFlusher flusher, LogSink log) {
        this.targets = List.copyOf(targets);
        this.flusher = Objects.requireNonNull(flusher, "flusher");
        this.log = Objects.requireNonNull(log, "log");
    }

    public static AuthorizerCacheFlush disabled() {
        return new AuthorizerCacheFlush(List.of(), target -> {
            throw new IllegalStateException("no flush targets");
        }, line -> { });
    }

    public boolean enabled() {
        return !targets.isEmpty();
    }

    public List<FlushTarget> targets() {
        return targets;
    }

    /** Flushes every target (one failure does not stop the others) and reports the overall result. */
    public FlushStatus flushAll() {
        if (targets.isEmpty()) {
            return FlushStatus.NOT_CONFIGURED;
        }
        boolean failed = false;
        for (FlushTarget target : targets) {
            try {
                flusher.flush(target);
            } catch (RuntimeException e) {
                failed = true;
                log.write(JsonLine.warn("authorizer_cache_flush_failed")
                        .with("target", target.toString())
                        .with("error", e.getClass().getSimpleName()));
            }
        }
        return failed ? FlushStatus.FAILED : FlushStatus.FLUSHED;
    }
}
