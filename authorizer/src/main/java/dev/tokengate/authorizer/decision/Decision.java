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
     * The issuer profile that decided, once the token's {@code iss} selected one (a configured id: for logs and
     * metrics, it proves nothing about the token).
     */
    Optional<String> issuerId();

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

        @Override
        public Optional<String> issuerId() {
            return Optional.of(validated.issuerId());
        }
    }

    /**
     * A refusal: {@link DenyReason.Outcome#UNAUTHORIZED} (401) or, for {@code INSUFFICIENT_SCOPE},
     * {@link DenyReason.Outcome#FORBIDDEN} (403) with the token's {@code grant} so the answer can still be the
     * token's whole, cache-safe policy.
     *
     * @param detail short and loggable, never token material
     * @param issuerId the profile that refused; the verified token's own when there is one
     */
    record Deny(DenyReason reason, Optional<ValidatedToken> token, Optional<RouteGrant> grant, String detail,
                Optional<String> issuerId) implements Decision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(issuerId, "issuerId");
            if (token.isPresent() && !issuerId.equals(Optional.of(token.get().issuerId()))) {
                throw new IllegalArgumentException("a verified token's refusal names the token's issuer profile");
            }
            if (reason.outcome() == DenyReason.Outcome.UNAVAILABLE) {
                throw new IllegalArgumentException(reason + " is not a refusal; use Unavailable");
            }
            if (grant.isPresent() != (reason.outcome() == DenyReason.Outcome.FORBIDDEN)) {
                throw new IllegalArgumentException("a grant accompanies exactly the 403 refusals");
            }
        }

        /** A refusal of a verified token (revoked, or lacking a scope when {@code grant} is present). */
        public Deny(DenyReason reason, Optional<ValidatedToken> token, Optional<RouteGrant> grant, String detail) {
            this(reason, token, grant, detail, token.map(ValidatedToken::issuerId));
        }

        public static Deny unauthorized(DenyReason reason, String detail) {
            return new Deny(reason, Optional.empty(), Optional.empty(), detail, Optional.empty());
        }

        /** A token the profile {@code issuerId} refused before it verified (or that selected no profile). */
        public static Deny unauthorized(DenyReason reason, String detail, Optional<String> issuerId) {
            return new Deny(reason, Optional.empty(), Optional.empty(), detail, issuerId);
        }

        public DenyReason.Outcome outcome() {
            return reason.outcome();
        }

        @Override
        public String outcomeName() {
            return reason.outcome().name();
        }
    }

    /**
     * JWKS or DynamoDB could not answer: an error to API Gateway (500), never Allow, never a cacheable Deny.
     *
     * @param issuerId the profile whose keys or whose token's state could not be had
     */
    record Unavailable(DenyReason reason, Optional<ValidatedToken> token, String detail, Optional<String> issuerId)
            implements Decision {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(issuerId, "issuerId");
            if (reason.outcome() != DenyReason.Outcome.UNAVAILABLE) {
                throw new IllegalArgumentException(reason + " is not a dependency failure");
            }
        }

        /** The store could not answer about a verified token. */
        public Unavailable(DenyReason reason, Optional<ValidatedToken> token, String detail) {
            this(reason, token, detail, token.map(ValidatedToken::issuerId));
        }

        @Override
        public String outcomeName() {
            return DenyReason.Outcome.UNAVAILABLE.name();
        }
    }
}
