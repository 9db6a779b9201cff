package dev.tokengate.revoke.cache;

/** What happened to the authorizer caches after a revocation. Names appear in responses and logs. */
public enum FlushStatus {
    /** No flush targets are configured (the default): cached Allows expire with the authorizer TTL. */
    NOT_CONFIGURED(0),
    /** The request changed nothing (already revoked): there was nothing new to flush, and no flush was made. */
    NOT_NEEDED(0),
    /** Every configured stage was flushed, late enough to cover this change. */
    FLUSHED(1),
    /**
     * At least one stage was covered by a flush another request started after this change settled (a burst of
     * revocations shares one flush per stage and interval); the rest were flushed.
     */
    COALESCED(2),
    /** At least one stage could not be flushed; the revocation itself is stored and effective on the next lookup. */
    FAILED(3);

    private final int severity;

    FlushStatus(int severity) {
        this.severity = severity;
    }

    /** The worse of two per-stage results: FAILED over COALESCED over FLUSHED. */
    FlushStatus worse(FlushStatus other) {
        return other.severity > severity ? other : this;
    }
}
