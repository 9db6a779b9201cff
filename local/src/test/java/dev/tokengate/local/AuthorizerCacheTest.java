package dev.tokengate.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizerCacheTest {
    static final AuthorizerCache.Result RESULT = new AuthorizerCache.Result(Map.of(), "alice", Map.of());

    @Test
    void keepsAResultForExactlyTheTtl() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        AuthorizerCache cache = new AuthorizerCache(Duration.ofSeconds(60), clock);
        cache.put("Bearer x", RESULT);
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("Bearer x")).isEqualTo(RESULT);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("Bearer x")).isNull();
    }

    @Test
    void cachesNothingWithZeroTtl() {
        AuthorizerCache cache = new AuthorizerCache(Duration.ZERO, Clock.systemUTC());
        cache.put("Bearer x", RESULT);
        assertThat(cache.get("Bearer x")).isNull();
    }
}
