package dev.tokengate.authorizer.decision;

import dev.tokengate.authorizer.route.RouteGrant;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the decision core concluded about one request. Never an exception: every token problem is a {@link Deny},
 * every dependency failure an {@link Unavailable}.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny, Decision.Unavailable {

    /** The verified token, when validation got that far (for the log line: only {@code sub} and {@code jti}). */
    Optional<ValidatedToken> token();

    /** The decision's outcome as logs and metrics name it: ALLOW, UNAUTHORIZED, FORBIDDEN or UNAVAILABLE. */
    String outcomeName();

    /**
     * A valid, unrevoked token whose scopes permit this route; {@code grant} is everything it may call.
     *
     * @param revocationReadAt when the read that found the token unrevoked began (at the latest): an Allow is only
     *     answered while that read is recent (see {@code RevocationRace})
     */
    record Allow(ValidatedToken validated, RouteGrant grant, Instant revocationReadAt) implements Decision {
        public Allow {
            Objects.requireNonNull(validated, "validated");
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(revocationReadAt, "revocationReadAt");
        }

        @Override
        public Optional<ValidatedToken> token() {
            return Optional.of(validated);
        }

        @Override
        public String outcomeName() {
            return "ALLOW";
        }
    }

    /**
     * A refusal: {@link DenyReason.Outcome#UNAUTHORIZED} (401) or, for {@code INSUFFICIENT_SCOPE},
     * {@link DenyReason.Outcome#FORBIDDEN} (403) with the token's {@code grant} so the answer can still be the
     * token's whole, cache-safe policy.
     *
     * @param detail short and loggable, never token material
     */
    record Deny(DenyReason reason, Optional<ValidatedToken> token, Optional<RouteGrant> grant, String detail)
            implements Decision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(detail, "detail");
            if (reason.outcome() == DenyReason.Outcome.UNAVAILABLE) {
                throw new IllegalArgumentException(reason + " is not a refusal; use Unavailable");
            }
            if (grant.isPresent() != (reason.outcome() == DenyReason.Outcome.FORBIDDEN)) {
                throw new IllegalArgumentException("a grant accompanies exactly the 403 refusals");
            }
        }

        public static Deny unauthorized(DenyReason reason, String detail) {
            return new Deny(reason, Optional.empty(), Optional.empty(), detail);
        }

        public DenyReason.Outcome outcome() {
            return reason.outcome();
        }

        @Override
        public String outcomeName() {
            return reason.outcome().name();
        }
    }

    /** JWKS or DynamoDB could not answer: an error to API Gateway (500), never Allow, never a cacheable Deny. */
    record Unavailable(DenyReason reason, Optional<ValidatedToken> token, String detail) implements Decision {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(detail, "detail");
            if (reason.outcome() != DenyReason.Outcome.UNAVAILABLE) {
                throw new IllegalArgumentException(reason + " is not a dependency failure");
            }
        }

        @Override
        public String outcomeName() {
            return DenyReason.Outcome.UNAVAILABLE.name();
        }
    }
}
