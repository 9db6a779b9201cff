package dev.tokengate.authorizer.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NotRevokedCacheTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ValidatedToken ALICE = Validated.token("alice", "t1");

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<RevocationStatus> answer =
            new AtomicReference<>(RevocationStatus.notRevoked("checked"));
    private final RevocationCheck store = (token, now) -> {
        calls.incrementAndGet();
        return answer.get();
    };

    @Test
    void remembersNotRevokedForTheConfiguredTime() {
        NotRevokedCache cache = new NotRevokedCache(store, Duration.ofSeconds(30));
        assertThat(cache.check(ALICE, T0).isNotRevoked()).isTrue();
        assertThat(cache.check(ALICE, T0.plusSeconds(29)).detail()).isEqualTo("cached");
        assertThat(calls).hasValue(1);
        answer.set(RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "token item is revoked"));
        assertThat(cache.check(ALICE, T0.plusSeconds(30)).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
        assertThat(calls).hasValue(2);
    }

    @Test
    void neverRemembersARevokedToken() {
        NotRevokedCache cache = new NotRevokedCache(store, Duration.ofSeconds(30));
        answer.set(RevocationStatus.revoked(DenyReason.USER_REVOKED, "revoke-all"));
        cache.check(ALICE, T0);
        answer.set(RevocationStatus.notRevoked("checked"));
        cache.check(ALICE, T0.plusSeconds(1));
        assertThat(calls).hasValue(2);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void neverRemembersAFailedLookup() {
        NotRevokedCache cache = new NotRevokedCache(store, Duration.ofSeconds(30));
        answer.set(RevocationStatus.unavailable("ApiCallTimeoutException"));
        assertThat(cache.check(ALICE, T0).kind()).isEqualTo(RevocationStatus.Kind.UNAVAILABLE);
        assertThat(cache.check(ALICE, T0.plusSeconds(1)).kind()).isEqualTo(RevocationStatus.Kind.UNAVAILABLE);
        assertThat(calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void keysByUserAndToken() {
        NotRevokedCache cache = new NotRevokedCache(store, Duration.ofSeconds(30));
        cache.check(ALICE, T0);
        cache.check(Validated.token("alice", "t2"), T0);
        cache.check(Validated.token("bob", "t1"), T0);
        assertThat(calls).hasValue(3);
    }

    @Test
    void staysWithinItsSizeBound() {
        NotRevokedCache cache = new NotRevokedCache(store, Duration.ofSeconds(30), 2);
        for (int i = 0; i < 5; i++) {
            cache.check(Validated.token("u" + i, "t"), T0);
        }
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void refusesAZeroTtl() {
        assertThatThrownBy(() -> new NotRevokedCache(store, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
