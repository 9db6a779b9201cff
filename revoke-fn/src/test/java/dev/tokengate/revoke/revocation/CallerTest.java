package dev.tokengate.revoke.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.table.Principal;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void readsPrincipalAndSpaceSeparatedScopes() {
        Caller caller = Caller.fromAuthorizer("user-alice", "user-alice", "default", "openid  tokengate:admin ").orElseThrow();

        assertThat(caller.principal()).isEqualTo(new Principal("default", "user-alice"));
        assertThat(caller.scopes()).containsExactly("openid", "tokengate:admin");
    }

    @Test
    void acceptsMissingOrEmptyContextSubAndScope() {
        assertThat(Caller.fromAuthorizer("user-alice", null, "default", null)).get()
                .satisfies(c -> assertThat(c.scopes()).isEmpty());
        assertThat(Caller.fromAuthorizer("user-alice", "", "default", "")).isPresent();
    }

    @Test
    void failsClosedWithoutPrincipal() {
        assertThat(Caller.fromAuthorizer(null, "user-alice", "default", "tokengate:admin")).isEmpty();
        assertThat(Caller.fromAuthorizer("", "user-alice", "default", "tokengate:admin")).isEmpty();
    }

    @Test
    void failsClosedWhenContextSubDisagreesWithPrincipal() {
        assertThat(Caller.fromAuthorizer("user-alice", "user-bob", "default", "openid")).isEmpty();
    }

    @Test
    void failsClosedOnPrincipalThatIsNotAValidId() {
        assertThat(Caller.fromAuthorizer("user\nalice", null, "default", "openid")).isEmpty();
    }

    @Test
    void failsClosedWithoutAnIssuerProfile() {
        // a sub is unique only within its issuer: without the issuer there is no identity to act for
        assertThat(Caller.fromAuthorizer("user-alice", "user-alice", null, "openid")).isEmpty();
        assertThat(Caller.fromAuthorizer("user-alice", "user-alice", "", "openid")).isEmpty();
        assertThat(Caller.fromAuthorizer("user-alice", "user-alice", "Default#1", "openid")).isEmpty();
    }
}
