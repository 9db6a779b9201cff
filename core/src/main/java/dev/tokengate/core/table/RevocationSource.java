package dev.tokengate.core.table;

import java.util.Optional;

/**
 * Who asked for a revocation: the revocation API's callers, or the identity provider itself. Stored on revoke-all and
 * session items as {@link TokenTable#SOURCE} (absent means {@link #API}), so the audit can tell a sign-out the
 * identity provider announced from one a user or an administrator asked for. The names are public API: they are
 * stored and logged.
 */
public enum RevocationSource {
    /** {@code POST /revocations}, {@code /revocations/families}, {@code /users/{sub}/revoke-all}. */
    API,
    /** OpenID Connect Back-Channel Logout: a logout token from the issuer. */
    BACKCHANNEL_LOGOUT,
    /** Global Token Revocation ({@code POST /global-token-revocation}), e.g. Okta Universal Logout. */
    GLOBAL_TOKEN_REVOCATION,
    /** An Amazon Cognito sign-out ({@code GlobalSignOut}, {@code AdminUserGlobalSignOut}, {@code RevokeToken}). */
    COGNITO_SIGN_OUT;

    /** Whether the identity provider (not a caller of the revocation API) initiated it. */
    public boolean isIdentityProvider() {
        return this != API;
    }

    /** The source a stored value names; empty for an unknown one. */
    public static Optional<RevocationSource> named(String value) {
        for (RevocationSource source : values()) {
            if (source.name().equals(value)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
