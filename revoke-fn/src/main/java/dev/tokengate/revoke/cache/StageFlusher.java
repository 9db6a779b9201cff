package dev.tokengate.revoke.cache;

/** Flushes one stage's authorizer cache; throws on any failure. */
@FunctionalInterface
public interface StageFlusher {
    void flush(FlushTarget target);
}
