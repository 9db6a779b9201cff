package dev.tokengate.authorizer.decision;

import dev.tokengate.authorizer.binding.DpopProofVerifier;
import dev.tokengate.authorizer.binding.SenderConstraint;
import dev.tokengate.authorizer.binding.SenderEvidence;
import dev.tokengate.authorizer.replay.ReplayGuard;
import dev.tokengate.authorizer.replay.ReplayStatus;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.authorizer.route.ApiArn;
import dev.tokengate.authorizer.route.RouteGrant;
import dev.tokengate.authorizer.route.RouteScopes;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.core.token.ValidatedToken;
import dev.tokengate.core.token.ValidationResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The authorizer's decision, in DESIGN.md's order: validate the token (signature before any claim), verify its
 * sender constraint ({@code cnf}: DPoP proof or client certificate), ask the store whether it is revoked (one round
 * trip; a DPoP proof's replay record is written concurrently), then apply the route rules. Pure apart from the
 * revocation check and replay store it is given: no event parsing, no protocol, no clock of its own (it reads the
 * one it is given twice: at the start, and again just before the revocation read).
 */
public final class Decider {
    private final JwtValidator validator;
    private final RevocationCheck revocation;
    private final RouteScopes routes;
    private final SenderConstraint senders;
    private final ReplayGuard replay;

    /** Without a replay store: a DPoP-bound token can then never pass (its proof cannot be recorded). */
    public Decider(JwtValidator validator, RevocationCheck revocation, RouteScopes routes) {
        this(validator, revocation, routes, new SenderConstraint(new DpopProofVerifier(), false),
                (use, now) -> () -> ReplayStatus.unavailable("no replay store"));
    }

    public Decider(JwtValidator validator, RevocationCheck revocation, RouteScopes routes, SenderConstraint senders,
                   ReplayGuard replay) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.senders = Objects.requireNonNull(senders, "senders");
        this.replay = Objects.requireNonNull(replay, "replay");
    }

    /** A token from an event shape that carries no proof of possession (REST TOKEN), with the Bearer scheme. */
    public Decision decide(String token, ApiArn route, Instant now) {
        return decide(token, SenderEvidence.invisible(SenderEvidence.Scheme.BEARER), route, now);
    }

    /**
     * @param token the access token as extracted from the event (without the scheme)
     * @param evidence the scheme, DPoP proofs, request URL and client certificate the event carries
     * @param route the request's method and path, from API Gateway's ARN
     * @param now the moment of the decision, from the handler's clock
     */
    public Decision decide(String token, SenderEvidence evidence, ApiArn route, Instant now) {
        return decide(token, evidence, route, InstantSource.fixed(now));
    }

    /**
     * As above, on a running clock: {@code clock} gives the decision's moment first, then the moment the revocation
     * read begins, which is what the Allow's freshness is measured from ({@link FreshAllow}). A JWKS or discovery
     * fetch, or a proof check, before the read is not the read's age.
     */
    public Decision decide(String token, SenderEvidence evidence, ApiArn route, InstantSource clock) {
        Instant now = clock.instant();
        ValidationResult result = validator.validate(token, now);
        if (result instanceof ValidationResult.Rejected rejected) {
            if (rejected.reason().outcome() == DenyReason.Outcome.UNAVAILABLE) {
                return new Decision.Unavailable(rejected.reason(), Optional.empty(), rejected.detail(),
                        rejected.issuerId());
            }
            return Decision.Deny.unauthorized(rejected.reason(), rejected.detail(), rejected.issuerId());
        }
        ValidatedToken valid = ((ValidationResult.Valid) result).token();

        IssuerProfile profile = validator.config().profile(valid.issuerId()).orElseThrow();
        SenderConstraint.Outcome binding = senders.check(valid, profile, token, evidence, now);
        if (binding instanceof SenderConstraint.Refused refused) {
            return new Decision.Deny(refused.reason(), Optional.of(valid), Optional.empty(), refused.detail());
        }
        // The replay write (a DPoP proof's first and only use) runs while the revocation state is read.
        Optional<ReplayGuard.Pending> proofUse = ((SenderConstraint.Accepted) binding).proofUse()
                .map(use -> replay.remember(use, now));
        Instant readBegins = clock.instant();
        RevocationStatus status = revocation.check(valid, readBegins);
        ReplayStatus replayed = proofUse.map(ReplayGuard.Pending::await).orElse(ReplayStatus.firstUse());
        // A definite refusal (revoked, replayed) wins over a store that could not answer the other question.
        if (status.kind() == RevocationStatus.Kind.REVOKED) {
            return new Decision.Deny(status.reason(), Optional.of(valid), Optional.empty(), status.detail());
        }
        if (replayed.kind() == ReplayStatus.Kind.REPLAYED) {
            return new Decision.Deny(DenyReason.DPOP_PROOF_REPLAYED, Optional.of(valid), Optional.empty(),
                    replayed.detail());
        }
        if (status.kind() == RevocationStatus.Kind.UNAVAILABLE) {
            return new Decision.Unavailable(status.reason(), Optional.of(valid), status.detail());
        }
        if (replayed.kind() == ReplayStatus.Kind.UNAVAILABLE) {
            return new Decision.Unavailable(replayed.reason(), Optional.of(valid), "replay store: " + replayed.detail());
        }

        RouteGrant grant = routes.grantFor(valid.scopes());
        if (!grant.permits(route)) {
            return new Decision.Deny(DenyReason.INSUFFICIENT_SCOPE, Optional.of(valid), Optional.of(grant),
                    "a route rule requires a scope the token lacks");
        }
        return new Decision.Allow(valid, grant, status.readNoLaterThan(readBegins));
    }
}
