package dev.tokengate.revoke.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.table.Principal;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void readsPrincipalAndSpaceSeparatedScopes() {
        Caller caller = Caller.fromAuthorizer("user-alice", "user-alice", "default", "openid  tokengate:admin ", null, null).orElseThrow();

        assertThat(caller.principal()).isEqualTo(new Principal("default", "user-alice"));
        assertThat(caller.scopes()).containsExactly("openid", "tokengate:admin");
    }

    @Test
    void acceptsMissingOrEmptyContextSubAndScope() {
        assertThat(Caller.fromAuthorizer("user-alice", null, "default", null, null, null)).get()
                .satisfies(c -> assertThat(c.scopes()).isEmpty());
        assertThat(Caller.fromAuthorizer("user-alice", "", "default", "", null, null)).isPresent();
    }

    @Test
    void failsClosedWithoutPrincipal() {
        assertThat(Caller.fromAuthorizer(null, "user-alice", "default", "tokengate:admin", null, null)).isEmpty();
        assertThat(Caller.fromAuthorizer("", "user-alice", "default", "tokengate:admin", null, null)).isEmpty();
    }

    @Test
    void failsClosedWhenContextSubDisagreesWithPrincipal() {
        assertThat(Caller.fromAuthorizer("user-alice", "user-bob", "default", "openid", null, null)).isEmpty();
    }

    @Test
    void failsClosedOnPrincipalThatIsNotAValidId() {
        assertThat(Caller.fromAuthorizer("user\nalice", null, "default", "openid", null, null)).isEmpty();
    }

    @Test
    void failsClosedWithoutAnIssuerProfile() {
        // a sub is unique only within its issuer: without the issuer there is no identity to act for
        assertThat(Caller.fromAuthorizer("user-alice", "user-alice", null, "openid", null, null)).isEmpty();
        assertThat(Caller.fromAuthorizer("user-alice", "user-alice", "", "openid", null, null)).isEmpty();
        assertThat(Caller.fromAuthorizer("user-alice", "user-alice", "Default#1", "openid", null, null)).isEmpty();
    }

    @Test
    void carriesTheIdsOfTheTokenItCalledWith() {
        Caller caller = Caller.fromAuthorizer("user-alice", "user-alice", "default", "openid", "jti-1", "rt-1")
                .orElseThrow();
        assertThat(caller.tokenId()).contains("jti-1");
        assertThat(caller.originJti()).contains("rt-1");
        // empty context values (no origin_jti in the token) and ids no key may hold are simply unknown
        Caller bare = Caller.fromAuthorizer("user-alice", null, "default", "openid", "", "bad\u0000id").orElseThrow();
        assertThat(bare.tokenId()).isEmpty();
        assertThat(bare.originJti()).isEmpty();
    }
}
