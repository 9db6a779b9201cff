package dev.tokengate.authorizer.decision;

import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.authorizer.route.ApiArn;
import dev.tokengate.authorizer.route.RouteGrant;
import dev.tokengate.authorizer.route.RouteScopes;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.core.token.ValidatedToken;
import dev.tokengate.core.token.ValidationResult;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The authorizer's decision, in DESIGN.md's order: validate the token (signature before any claim), ask the store
 * whether it is revoked (one round trip), then apply the route rules. Pure apart from the revocation check it is
 * given: no event parsing, no protocol, no clock of its own.
 */
public final class Decider {
    private final JwtValidator validator;
    private final RevocationCheck revocation;
    private final RouteScopes routes;

    public Decider(JwtValidator validator, RevocationCheck revocation, RouteScopes routes) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /**
     * @param token the bearer token as extracted from the event (without the scheme)
     * @param route the request's method and path, from API Gateway's ARN
     * @param now the moment of the decision, from the handler's clock
     */
    public Decision decide(String token, ApiArn route, Instant now) {
        ValidationResult result = validator.validate(token, now);
        if (result instanceof ValidationResult.Rejected rejected) {
            if (rejected.reason().outcome() == DenyReason.Outcome.UNAVAILABLE) {
                return new Decision.Unavailable(rejected.reason(), Optional.empty(), rejected.detail(),
                        rejected.issuerId());
            }
            return Decision.Deny.unauthorized(rejected.reason(), rejected.detail(), rejected.issuerId());
        }
        ValidatedToken valid = ((ValidationResult.Valid) result).token();

        RevocationStatus status = revocation.check(valid, now);
        switch (status.kind()) {
            case UNAVAILABLE:
                return new Decision.Unavailable(status.reason(), Optional.of(valid), status.detail());
            case REVOKED:
                return new Decision.Deny(status.reason(), Optional.of(valid), Optional.empty(), status.detail());
            case NOT_REVOKED:
            default:
                break;
        }

        RouteGrant grant = routes.grantFor(valid.scopes());
        if (!grant.permits(route)) {
            return new Decision.Deny(DenyReason.INSUFFICIENT_SCOPE, Optional.of(valid), Optional.of(grant),
                    "a route rule requires a scope the token lacks");
        }
        return new Decision.Allow(valid, grant, status.readNoLaterThan(now));
    }
}
