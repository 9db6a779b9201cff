package dev.tokengate.cognito.signout;

import dev.tokengate.core.token.IssuerProfile;

/**
 * What one Cognito event means for tokengate. Every variant carries a stable reason code, logged as {@code reason}.
 */
public sealed interface SignOut {

    /** Not a sign-out tokengate acts on (another API, a failed call, another pool): nothing to do. */
    record Ignored(String reason) implements SignOut {
    }

    /**
     * A sign-out of a configured pool that names no user tokengate can identify: audited in the log at WARN, never
     * guessed.
     */
    record Unidentified(String reason, String poolId) implements SignOut {
    }

    /** The user is known by {@code sub}: revoke every token of that user of the pool's issuer. */
    record OfSubject(IssuerProfile profile, String poolId, String sub) implements SignOut {
    }

    /** The record shows a username only: its {@code sub} is asked of that pool ({@code AdminGetUser}) first. */
    record OfUsername(IssuerProfile profile, String poolId, String username) implements SignOut {
    }
}
