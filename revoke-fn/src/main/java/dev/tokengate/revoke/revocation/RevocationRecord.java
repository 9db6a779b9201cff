package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationActor;
import dev.tokengate.core.table.RevocationKind;
import java.util.Optional;

/**
 * A revocation as it is stored (a repeated revocation changes nothing and answers with this record). Times are epoch
 * seconds, like {@code exp} and {@code ttl}.
 *
 * @param kind which item it is
 * @param user the user (issuer profile and {@code sub}) whose partition holds it
 * @param id the {@code jti} (token) or {@code originJti} (family); empty for a revoke-all marker
 * @param revoked whether the stored item revokes anything, read as the authorizer reads it: a token or family item
 *     with {@code revoked} present and not BOOL false, a revoke-all marker with a {@code revokedBefore}
 * @param revokedAt when the item was first revoked
 * @param revokedBy the {@code sub} of the caller whose write last made the item revoked (or
 *     {@link #ADMINISTRATOR} as shown to an owner who is not that caller), or the identity provider's issuer
 * @param revokedByIssuerId the issuer profile of that caller ({@code sub} is unique only per issuer); empty when an
 *     identity provider revoked
 * @param reason that caller's free-text reason, if one was given
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
        Optional<String> revokedByIssuerId,
        Optional<String> reason,
        Optional<Long> revokedBefore,
        Optional<Long> exp,
        long ttl) {

    /** What an owner is shown instead of the {@code sub} of the administrator who revoked its token. */
    public static final String ADMINISTRATOR = "administrator";

    public String sub() {
        return user.sub();
    }

    /**
     * This record as {@code viewer} may see it: an administrator sees everything; an owner sees its own actions in
     * full, and of anyone else's only that an administrator acted, without who or why (the {@code sub} and the
     * free-text reason of an administrator are not the token owner's to read).
     */
    public RevocationRecord seenBy(Caller viewer, boolean viewerIsAdmin) {
        // the owner's own action: its sub of its issuer (a cross-issuer admin may share the owner's sub)
        if (viewerIsAdmin || viewer.principal().equals(user)
                && new RevocationActor(revokedBy, revokedByIssuerId).is(viewer.principal())) {
            return this;
        }
        return new RevocationRecord(kind, user, id, revoked, revokedAt, ADMINISTRATOR, Optional.empty(),
                Optional.empty(), revokedBefore, exp, ttl);
    }
}
