package dev.tokengate.cognito.signout;

import dev.tokengate.cognito.event.SignOutEvent;
import dev.tokengate.core.table.TokenIds;
import dev.tokengate.core.token.IssuerProfile;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which Cognito events are sign-outs of which user, free of I/O. A sign-out is one of {@code GlobalSignOut},
 * {@code AdminUserGlobalSignOut} and {@code RevokeToken} on a configured user pool that succeeded (no
 * {@code errorCode}). The user is its {@code sub} when the record carries one (Cognito records the user's sub in
 * {@code additionalEventData}); failing that a username the record shows is resolved in that pool; failing both, the
 * sign-out is unidentified. {@code RevokeToken} revokes one refresh token and the tokens minted from it, but its
 * record hides the token and Cognito's refresh tokens are encrypted: no field names the family, so it becomes a
 * revoke-all of the user (the safe side: the user's other sessions sign in again).
 */
public final class SignOutRules {
    public static final String EVENT_SOURCE = "cognito-idp.amazonaws.com";
    public static final Set<String> SIGN_OUTS = Set.of("GlobalSignOut", "AdminUserGlobalSignOut", "RevokeToken");

    private final Map<String, IssuerProfile> pools;

    /** @param pools the configured user pools and the profiles they issue for */
    public SignOutRules(Map<String, IssuerProfile> pools) {
        this.pools = Map.copyOf(Objects.requireNonNull(pools, "pools"));
    }

    public SignOut classify(SignOutEvent event) {
        if (!EVENT_SOURCE.equals(event.eventSource()) || !SIGN_OUTS.contains(event.eventName())) {
            return new SignOut.Ignored("NOT_A_SIGN_OUT");
        }
        if (event.errorCode().isPresent()) {
            return new SignOut.Ignored("FAILED_CALL");
        }
        if (event.userPoolId().isEmpty()) {
            return new SignOut.Unidentified("NO_USER_POOL", null);
        }
        String poolId = event.userPoolId().get();
        IssuerProfile profile = pools.get(poolId);
        if (profile == null) {
            return new SignOut.Ignored("POOL_NOT_CONFIGURED");
        }
        Optional<String> sub = event.sub().filter(TokenIds::isValid);
        if (sub.isPresent()) {
            return new SignOut.OfSubject(profile, poolId, sub.get());
        }
        Optional<String> username = event.username().filter(TokenIds::isValid);
        if (username.isPresent()) {
            return new SignOut.OfUsername(profile, poolId, username.get());
        }
        return new SignOut.Unidentified("NO_USER", poolId);
    }
}
