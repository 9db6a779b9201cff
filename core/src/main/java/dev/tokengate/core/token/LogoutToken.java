package dev.tokengate.core.token;

import dev.tokengate.core.table.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A logout token whose signature and every section 2.6 rule have been verified. Nothing else builds one, so its
 * values may become table keys.
 *
 * @param issuerId the issuer profile whose keys verified it
 * @param tokenId its {@code jti}: accepted once per issuer
 * @param subject the user whose sessions ended, when the issuer names one
 * @param sessionId the session that ended, when the issuer names one ({@code sid}); at least one of the two is set
 * @param issuedAt its {@code iat}
 * @param acceptedUntil the last moment this token could still be accepted: its replay record must live this long
 */
public record LogoutToken(String issuerId, String tokenId, Optional<String> subject, Optional<String> sessionId,
                          Instant issuedAt, Instant acceptedUntil) {
    public LogoutToken {
        Objects.requireNonNull(tokenId, "tokenId");
        if (subject.isEmpty() && sessionId.isEmpty()) {
            throw new IllegalArgumentException("a logout token names a sub, a sid or both");
        }
    }

    /** The user, when the token names one. */
    public Optional<Principal> user() {
        return subject.map(sub -> new Principal(issuerId, sub));
    }
}
