package dev.tokengate.revoke.cache;

/** What happened to the authorizer caches after a revocation. Names appear in responses and logs. */
public enum FlushStatus {
    /** No flush targets are configured (the default): cached Allows expire with the authorizer TTL. */
    NOT_CONFIGURED,
    /** Every configured stage was flushed. */
    FLUSHED,
    /** At least one stage could not be flushed; the revocation itself is stored and effective on the next lookup. */
    FAILED
}
