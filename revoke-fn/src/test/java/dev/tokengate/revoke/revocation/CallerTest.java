package dev.tokengate.revoke.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void readsPrincipalAndSpaceSeparatedScopes() {
        Caller caller = Caller.fromAuthorizer("user-alice", "user-alice", "openid  tokengate:admin ").orElseThrow();

        assertThat(caller.sub()).isEqualTo("user-alice");
        assertThat(caller.scopes()).containsExactly("openid", "tokengate:admin");
    }

    @Test
    void acceptsMissingOrEmptyContextSubAndScope() {
        assertThat(Caller.fromAuthorizer("user-alice", null, null)).get()
                .satisfies(c -> assertThat(c.scopes()).isEmpty());
        assertThat(Caller.fromAuthorizer("user-alice", "", "")).isPresent();
    }

    @Test
    void failsClosedWithoutPrincipal() {
        assertThat(Caller.fromAuthorizer(null, "user-alice", "tokengate:admin")).isEmpty();
        assertThat(Caller.fromAuthorizer("", "user-alice", "tokengate:admin")).isEmpty();
    }

    @Test
    void failsClosedWhenContextSubDisagreesWithPrincipal() {
        assertThat(Caller.fromAuthorizer("user-alice", "user-bob", "openid")).isEmpty();
    }

    @Test
    void failsClosedOnPrincipalThatIsNotAValidId() {
        assertThat(Caller.fromAuthorizer("user\nalice", null, "openid")).isEmpty();
    }
}
