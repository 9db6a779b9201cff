package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import java.util.Optional;

/**
 * What the table says about one token, for {@code GET /revocations/{jti}}: its own item (if any) and the user's
 * revoke-all marker (if any). Whether a token is covered by the marker depends on its {@code iat}, which only the
 * token carries, so the marker is reported as is.
 *
 * @param user the token's user (issuer profile and {@code sub})
 * @param jti the token's id
 * @param itemExists whether the token's own item exists (registered in allowlist mode, or revoked)
 * @param revocation the token's revocation, if it is revoked
 * @param exp the token's {@code exp}, if the item records it
 * @param userRevokedBefore the user's revoke-all marker, if one is set
 */
public record TokenState(
        Principal user,
        String jti,
        boolean itemExists,
        Optional<RevocationRecord> revocation,
        Optional<Long> exp,
        Optional<Long> userRevokedBefore) {
}
