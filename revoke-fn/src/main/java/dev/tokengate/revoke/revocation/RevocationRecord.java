package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationKind;
import java.util.Optional;

/**
 * A revocation as it is stored: the first one written for its item (a repeated revocation answers with this record,
 * never a new one). Times are epoch seconds, like {@code exp} and {@code ttl}.
 *
 * @param kind which item it is
 * @param user the user (issuer profile and {@code sub}) whose partition holds it
 * @param id the {@code jti} (token) or {@code originJti} (family); empty for a revoke-all marker
 * @param revoked whether the stored item revokes anything, read as the authorizer reads it: a token or family item
 *     with {@code revoked} present and not BOOL false, a revoke-all marker with a {@code revokedBefore}
 * @param revokedAt when it was written
 * @param revokedBy the {@code sub} of the caller who wrote it
 * @param reason the caller's free-text reason, if one was given
 * @param revokedBefore for a revoke-all marker: every token with {@code iat} before this is revoked
 * @param exp for a token: its {@code exp}, when known
 * @param ttl when DynamoDB may delete the item
 */
public record RevocationRecord(
        RevocationKind kind,
        Principal user,
        Optional<String> id,
        boolean revoked,
        long revokedAt,
        String revokedBy,
        Optional<String> reason,
        Optional<Long> revokedBefore,
        Optional<Long> exp,
        long ttl) {

    public String sub() {
        return user.sub();
    }
}
