package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.revoke.cache.FlushStatus;

/**
 * The answer of every revocation operation. Never an exception for anything a caller sends. {@link #code()} is the
 * stable word logged as {@code outcome} and returned in responses.
 */
public sealed interface Outcome {

    String code();

    /**
     * The item is revoked. {@code alreadyRevoked}: it already was, and {@code record} is the original revocation
     * (or, for revoke-all, the stored marker that already covers this call).
     */
    record Revoked(RevocationRecord record, boolean alreadyRevoked, FlushStatus flush) implements Outcome {
        @Override
        public String code() {
            return alreadyRevoked ? "ALREADY_REVOKED" : "REVOKED";
        }
    }

    /** The token has already expired: revoking it would change nothing, so nothing was written. */
    record AlreadyExpired(Principal user, String jti, long exp) implements Outcome {
        @Override
        public String code() {
            return "ALREADY_EXPIRED";
        }
    }

    /** The state of one token, for a caller allowed to see it. */
    record Found(TokenState state) implements Outcome {
        @Override
        public String code() {
            return "FOUND";
        }
    }

    /**
     * The caller may not act on that user. Deliberately carries nothing about the target: the answer must be the
     * same whether or not anything exists there.
     */
    record Forbidden() implements Outcome {
        @Override
        public String code() {
            return "FORBIDDEN";
        }
    }

    /** A value the caller sent is not acceptable; {@code field} names it. Nothing was written. */
    record Invalid(String field, String message) implements Outcome {
        @Override
        public String code() {
            return "INVALID_REQUEST";
        }
    }

    /**
     * A dependency failed (the token table, or the JWKS for a presented token). {@code transientFailure}: a retry may
     * succeed (503); otherwise it is a deployment problem (500). Never a success.
     */
    record Unavailable(boolean transientFailure, String cause) implements Outcome {
        @Override
        public String code() {
            return "UNAVAILABLE";
        }
    }
}
