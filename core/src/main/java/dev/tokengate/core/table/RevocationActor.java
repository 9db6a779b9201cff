package dev.tokengate.core.table;

import java.util.Objects;
import java.util.Optional;

/**
 * Who made a revocation, as the table records it ({@link TokenTable#REVOKED_BY} and
 * {@link TokenTable#REVOKED_BY_ISSUER_ID}): a caller of the revocation API, named by its {@code sub} and the issuer
 * profile that {@code sub} belongs to ({@code sub} is unique only per issuer), or an identity provider, named by its
 * issuer and belonging to no profile.
 */
public record RevocationActor(String name, Optional<String> issuerId) {
    public RevocationActor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(issuerId, "issuerId");
    }

    /** A caller of the revocation API (an owner or an administrator). */
    public static RevocationActor caller(Principal caller) {
        return new RevocationActor(caller.sub(), Optional.of(caller.issuerId()));
    }

    /** An identity provider that announced a sign-out; {@code issuer} is its issuer (or a description of it). */
    public static RevocationActor identityProvider(String issuer) {
        return new RevocationActor(issuer, Optional.empty());
    }

    /** Whether this actor is {@code principal}: the same {@code sub} of the same issuer profile. */
    public boolean is(Principal principal) {
        return issuerId.isPresent() && issuerId.get().equals(principal.issuerId()) && name.equals(principal.sub());
    }
}
