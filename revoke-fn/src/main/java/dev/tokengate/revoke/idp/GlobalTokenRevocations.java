package dev.tokengate.revoke.idp;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationActor;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.core.table.TokenIds;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.revoke.revocation.Caller;
import dev.tokengate.revoke.revocation.Outcome;
import dev.tokengate.revoke.revocation.RevocationPolicy;
import dev.tokengate.revoke.revocation.Revocations;
import java.util.Objects;
import java.util.Optional;

/**
 * Global Token Revocation (draft-parecki-oauth-global-token-revocation; Okta's Universal Logout calls it): an
 * identity provider or a security tool asks that every token of one user be revoked. The caller is whoever the
 * tokengate authorizer verified, and must hold the admin scope: of the issuer it names, or of another one whose
 * profile says {@code crossIssuerAdmin} ({@link RevocationPolicy}). Own tokens are no exception: this is an
 * administrator's API, not a logout button. The effect is a revoke-all, recorded with the caller as the actor.
 */
public final class GlobalTokenRevocations {
    static final String REASON = "global token revocation";

    private final RevocationPolicy policy;
    private final Revocations revocations;
    private final JwtConfig trust;

    public GlobalTokenRevocations(RevocationPolicy policy, Revocations revocations, JwtConfig trust) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** @param subject empty when the request's {@code sub_id} was of a format that names no user safely */
    public GlobalRevocationOutcome revoke(Caller caller, Optional<SubjectIdentifier> subject) {
        if (!caller.hasScope(policy.adminScope())) {
            return new GlobalRevocationOutcome.Forbidden();
        }
        if (subject.isEmpty()) {
            return new GlobalRevocationOutcome.Malformed("sub_id must be an iss_sub (iss, sub) or opaque (id) "
                    + "subject identifier");
        }
        Optional<Principal> user;
        if (subject.get() instanceof SubjectIdentifier.IssuerAndSubject issSub) {
            Optional<IssuerProfile> profile = trust.forIssuer(issSub.iss());
            if (profile.isEmpty()) {
                // no user of tokengate can be meant; only a caller who may act beyond its issuer learns that
                return policy.permitsOtherIssuers(caller) ? new GlobalRevocationOutcome.UserNotFound()
                        : new GlobalRevocationOutcome.Forbidden();
            }
            user = principal(profile.get().id(), issSub.sub());
        } else {
            user = principal(caller.issuerId(), ((SubjectIdentifier.Opaque) subject.get()).id());
        }
        if (user.isEmpty()) {
            return new GlobalRevocationOutcome.Malformed("sub_id names a subject that is not a usable id");
        }
        if (!policy.permits(caller, user.get())) {
            return new GlobalRevocationOutcome.Forbidden();
        }
        Outcome outcome = revocations.revokeAllForIdentityProvider(user.get(),
                RevocationActor.caller(caller.principal()), RevocationSource.GLOBAL_TOKEN_REVOCATION,
                Optional.of(REASON));
        if (outcome instanceof Outcome.Revoked revoked) {
            return new GlobalRevocationOutcome.Revoked(revoked.record(), revoked.alreadyRevoked());
        }
        return new GlobalRevocationOutcome.Failed(outcome instanceof Outcome.Unavailable unavailable
                ? unavailable.cause() : outcome.code());
    }

    private static Optional<Principal> principal(String issuerId, String sub) {
        return TokenIds.isValid(sub) ? Optional.of(new Principal(issuerId, sub)) : Optional.empty();
    }
}
