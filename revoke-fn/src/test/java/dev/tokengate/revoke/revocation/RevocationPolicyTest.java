package dev.tokengate.revoke.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.table.Principal;
import dev.tokengate.revoke.testing.Fixture;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevocationPolicyTest {
    private final RevocationPolicy policy = new RevocationPolicy("tokengate:admin", new Fixture().config("tokens").jwt());

    private static Caller caller(String sub, String... scopes) {
        return new Caller(user(sub), Set.of(scopes));
    }

    private static Principal user(String sub) {
        return new Principal("default", sub);
    }

    @Test
    void callerMayActOnItsOwnSub() {
        assertThat(policy.permits(caller("user-alice"), user("user-alice"))).isTrue();
    }

    @Test
    void callerMayNotActOnAnotherSubWithoutAdminScope() {
        assertThat(policy.permits(caller("user-alice", "openid", "profile"), user("user-bob"))).isFalse();
    }

    @Test
    void adminScopeMayActOnAnySubOfItsOwnIssuer() {
        assertThat(policy.permits(caller("user-admin", "tokengate:admin"), user("user-bob"))).isTrue();
    }

    @Test
    void theSameSubOfAnotherIssuerIsAnotherUser() {
        assertThat(policy.permits(caller("user-alice"), new Principal("partner", "user-alice"))).isFalse();
        assertThat(policy.permits(caller("user-admin", "tokengate:admin"), new Principal("partner", "user-bob")))
                .isFalse();
    }

    @Test
    void scopeMatchIsExactNotPrefixOrCaseInsensitive() {
        assertThat(policy.permits(caller("user-alice", "tokengate:admin2"), user("user-bob"))).isFalse();
        assertThat(policy.permits(caller("user-alice", "TOKENGATE:ADMIN"), user("user-bob"))).isFalse();
        assertThat(policy.permits(caller("user-alice", "tokengate"), user("user-bob"))).isFalse();
    }

    @Test
    void subMatchIsExact() {
        assertThat(policy.permits(caller("user-alice"), user("USER-ALICE"))).isFalse();
        assertThat(policy.permits(caller("user-alice"), user("user-alice "))).isFalse();
    }

    @Test
    void refusesMissingCallerOrTarget() {
        assertThat(policy.permits(null, user("user-alice"))).isFalse();
        assertThat(policy.permits(caller("user-alice", "tokengate:admin"), null)).isFalse();
    }
}
