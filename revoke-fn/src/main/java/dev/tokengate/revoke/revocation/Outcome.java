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
     * The caller may not do this. Deliberately carries nothing about the target: the answer must be the same whether
     * or not anything exists there.
     *
     * @param rule which rule refused it (logged; the response explains only rules about the caller's own tokens)
     */
    record Forbidden(Rule rule) implements Outcome {
        /** The rules a caller can run into. */
        public enum Rule {
            /** Another user's tokens, without the admin scope for that user's issuer (the IDOR rule). */
            NOT_OWNER_AND_NOT_ADMIN,
            /**
             * A non-admin revokes by id only the token it calls with: any other of its tokens it must present, so
             * that a caller cannot write revocations of ids it made up (each one an audit item and a cache flush).
             */
            ONLY_THE_CALLING_TOKEN_BY_ID,
            /** A non-admin revokes only the family of the token it calls with (its {@code origin_jti}). */
            ONLY_THE_CALLING_TOKENS_FAMILY,
            /** The {@code /admin} routes are for callers with the admin scope. */
            ADMIN_SCOPE_REQUIRED
        }

        public Forbidden() {
            this(Rule.NOT_OWNER_AND_NOT_ADMIN);
        }

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
