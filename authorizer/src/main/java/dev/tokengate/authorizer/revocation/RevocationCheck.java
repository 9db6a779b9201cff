package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.token.ValidatedToken;
import java.time.Instant;

/**
 * Asks whether a verified token, its family or its user has been revoked. Implementations never throw: a store
 * that cannot answer is {@link RevocationStatus.Kind#UNAVAILABLE}, which the authorizer turns into an error.
 */
@FunctionalInterface
public interface RevocationCheck {
    /** @param now read from the clock just before this check: no read it makes begins earlier */
    RevocationStatus check(ValidatedToken token, Instant now);
}
