package dev.tokengate.cognito.signout;

import java.util.Optional;

/** Finds a user pool user's {@code sub} from the username a sign-out record shows. */
@FunctionalInterface
public interface UserLookup {
    /**
     * @return empty when the pool has no such user (any more); a dependency failure is an exception, so the event is
     *     retried rather than dropped
     */
    Optional<String> subOf(String poolId, String username);
}
