package dev.tokengate.revoke.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RevocationPolicyTest {
    private final RevocationPolicy policy = new RevocationPolicy("tokengate:admin");

    @Test
    void callerMayActOnItsOwnSub() {
        assertThat(policy.permits(new Caller("user-alice", Set.of()), "user-alice")).isTrue();
    }

    @Test
    void callerMayNotActOnAnotherSubWithoutAdminScope() {
        assertThat(policy.permits(new Caller("user-alice", Set.of("openid", "profile")), "user-bob")).isFalse();
    }

    @Test
    void adminScopeMayActOnAnySub() {
        assertThat(policy.permits(new Caller("user-admin", Set.of("tokengate:admin")), "user-bob")).isTrue();
    }

    @Test
    void scopeMatchIsExactNotPrefixOrCaseInsensitive() {
        assertThat(policy.permits(new Caller("user-alice", Set.of("tokengate:admin2")), "user-bob")).isFalse();
        assertThat(policy.permits(new Caller("user-alice", Set.of("TOKENGATE:ADMIN")), "user-bob")).isFalse();
        assertThat(policy.permits(new Caller("user-alice", Set.of("tokengate")), "user-bob")).isFalse();
    }

    @Test
    void subMatchIsExact() {
        assertThat(policy.permits(new Caller("user-alice", Set.of()), "USER-ALICE")).isFalse();
        assertThat(policy.permits(new Caller("user-alice", Set.of()), "user-alice ")).isFalse();
    }

    @Test
    void refusesMissingCallerOrTarget() {
        assertThat(policy.permits(null, "user-alice")).isFalse();
        assertThat(policy.permits(new Caller("user-alice", Set.of("tokengate:admin")), null)).isFalse();
    }
}
