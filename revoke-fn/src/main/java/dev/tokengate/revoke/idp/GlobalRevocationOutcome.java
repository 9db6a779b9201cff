package dev.tokengate.revoke.idp;

import dev.tokengate.revoke.revocation.RevocationRecord;

/**
 * What one Global Token Revocation request came to, in the draft's terms (draft-parecki-oauth-global-token-revocation,
 * "Revocation Response"): 204, 400, 403, 404 or 422 (401 is the authorizer's, before the request gets here).
 */
public sealed interface GlobalRevocationOutcome {

    String code();

    /** 204: every token of the user issued up to now is revoked. */
    record Revoked(RevocationRecord record, boolean alreadyRevoked) implements GlobalRevocationOutcome {
        @Override
        public String code() {
            return alreadyRevoked ? "ALREADY_REVOKED" : "REVOKED";
        }
    }

    /** 400: malformed, or a subject identifier format tokengate cannot map to a user. */
    record Malformed(String message) implements GlobalRevocationOutcome {
        @Override
        public String code() {
            return "INVALID_REQUEST";
        }
    }

    /** 403: no admin scope, or another issuer's user without {@code crossIssuerAdmin}. The same for every target. */
    record Forbidden() implements GlobalRevocationOutcome {
        @Override
        public String code() {
            return "FORBIDDEN";
        }
    }

    /** 404: {@code iss} names no trusted issuer, so no user of tokengate can be meant. */
    record UserNotFound() implements GlobalRevocationOutcome {
        @Override
        public String code() {
            return "USER_NOT_FOUND";
        }
    }

    /** 422: the revocation could not be stored; nothing was confirmed. */
    record Failed(String cause) implements GlobalRevocationOutcome {
        @Override
        public String code() {
            return "FAILED";
        }
    }
}
