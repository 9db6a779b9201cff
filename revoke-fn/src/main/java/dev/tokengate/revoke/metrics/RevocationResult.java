package dev.tokengate.revoke.metrics;

import dev.tokengate.revoke.revocation.Outcome;

/** How a revocation request ended, as the {@code Result} dimension of the {@code Revocations} metric names it. */
public enum RevocationResult {
    /** The revocation was written now. */
    WRITTEN,
    /** It was already revoked: nothing new was written. */
    ALREADY_REVOKED,
    /** The presented token had expired: nothing to write. */
    ALREADY_EXPIRED,
    /** The caller may not act on that user. */
    FORBIDDEN,
    /** The request was malformed (a field, the body, its size or content type). */
    INVALID,
    /** The token table (or, for a presented token, its issuer's keys) could not answer: a 5xx, nothing confirmed. */
    UNAVAILABLE;

    /** The result of a revocation route's domain answer (a token-state read is not a revocation and has none). */
    public static RevocationResult of(Outcome outcome) {
        if (outcome instanceof Outcome.Revoked revoked) {
            return revoked.alreadyRevoked() ? ALREADY_REVOKED : WRITTEN;
        }
        if (outcome instanceof Outcome.AlreadyExpired) {
            return ALREADY_EXPIRED;
        }
        if (outcome instanceof Outcome.Forbidden) {
            return FORBIDDEN;
        }
        if (outcome instanceof Outcome.Invalid) {
            return INVALID;
        }
        return UNAVAILABLE;
    }
}
