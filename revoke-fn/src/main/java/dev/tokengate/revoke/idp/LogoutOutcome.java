package dev.tokengate.revoke.idp;

import dev.tokengate.core.token.LogoutRefusal;
import dev.tokengate.core.token.LogoutToken;

/** What one back-channel logout request came to. Never an exception for anything an issuer (or anyone) sends. */
public sealed interface LogoutOutcome {

    /** The stable word logged as {@code outcome}. */
    String code();

    /**
     * The logout took effect.
     *
     * @param userRevoked whether the user's revoke-all moved (false: a marker as recent already stood)
     * @param sessionRevoked whether the session item was written now (false: already revoked, or no {@code sid})
     */
    record LoggedOut(LogoutToken token, boolean userRevoked, boolean sessionRevoked) implements LogoutOutcome {
        @Override
        public String code() {
            return "LOGGED_OUT";
        }
    }

    /** The logout token was refused; nothing was written. */
    record Refused(LogoutRefusal reason, String detail) implements LogoutOutcome {
        @Override
        public String code() {
            return "REFUSED";
        }
    }

    /**
     * A dependency failed (the token table, or the issuer's keys): nothing was confirmed, and the token's replay claim
     * was given back so the issuer may deliver it again.
     */
    record Failed(String cause) implements LogoutOutcome {
        @Override
        public String code() {
            return "FAILED";
        }
    }
}
