package dev.tokengate.core.table;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a revoke-all puts a user's {@code REVOKED_BEFORE} marker, for every writer (the revocation API, the identity
 * provider receivers, the Cognito sign-out function). {@code iat} has one-second resolution, so the marker is the next
 * whole second: a token issued in this same second is covered too. An issuer whose clock runs up to the clock skew
 * ahead of ours stamps a token issued just before this moment with an {@code iat} up to {@code now + skew}, which the
 * authorizer accepts: the marker adds the skew so that token is covered as well. The safe side: a user who logs in
 * again within {@code 1 + skew} seconds has to log in once more.
 *
 * @param revokedBefore every token of the user with {@code iat} before this (epoch seconds) is revoked
 * @param ttl when the marker may go: after it every token it covers has expired on its own
 */
public record RevokeAllMarker(long revokedBefore, long ttl) {

    public static RevokeAllMarker at(Instant now, Duration clockSkew, Duration maxTokenLifetime) {
        long skew = clockSkew.getSeconds();
        long revokedBefore = now.getEpochSecond() + 1 + skew;
        return new RevokeAllMarker(revokedBefore, revokedBefore + maxTokenLifetime.getSeconds() + skew);
    }
}
