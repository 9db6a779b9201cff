package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.testkit.JwksServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The remote JWKS behaviour against a real HTTP endpoint on loopback. */
class RemoteJwksTest {
    static final String ISSUER = "https://issuer.example.com/";
    static final String AUDIENCE = "api";
    static final String PARTNER = "https://partner.example.com/";

    final RSAKey first = TestKeys.rsa("k1");
    final RSAKey second = TestKeys.rsa("k2");
    static final RSAKey ATTACKER = TestKeys.rsa("attacker");
    JwksServer server;

    @BeforeEach
    void startServer() {
        server = JwksServer.start(new JWKSet(first));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    JwtValidator validator(String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("JWT_ISSUER", ISSUER);
        env.put("JWT_AUDIENCE", AUDIENCE);
        env.put("JWKS_URL", server.url().toString());
        env.put("JWKS_CONNECT_TIMEOUT_SECONDS", "1");
        env.put("JWKS_READ_TIMEOUT_SECONDS", "1");
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return JwtValidator.create(JwtConfig.fromEnvironment(env));
    }

    static String tokenSignedBy(RSAKey key) {
        return TestTokens.valid(ISSUER, AUDIENCE, Instant.now().minusSeconds(5)).sign(key);
    }

    static DenyReason reason(ValidationResult result) {
        return result instanceof ValidationResult.Rejected r ? r.reason() : null;
    }

    @Test
    void fetchesKeysOnceAndServesLaterTokensFromTheCache() {
        JwtValidator validator = validator();
        for (int i = 0; i < 20; i++) {
            assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void countsEveryFetchAndFailureOnceForWhoeverDrainsThem() {
        JwtValidator validator = validator("JWKS_REFRESH_MIN_INTERVAL_SECONDS", "1");
        assertThat(validator.drainKeyFetches()).isEqualTo(KeyFetches.NONE);
        validator.validate(tokenSignedBy(first), Instant.now());
        validator.validate(tokenSignedBy(first), Instant.now());
        assertThat(validator.drainKeyFetches()).isEqualTo(new KeyFetches(server.requestCount(), 0, 0, 0));
        assertThat(server.requestCount()).isEqualTo(1);

        server.fail();
        validator.validate(tokenSignedBy(second), Instant.now()); // an unseen kid: one refresh, which fails
        KeyFetches afterOutage = validator.drainKeyFetches();
        assertThat(afterOutage.jwksFetches()).isEqualTo(server.requestCount() - 1).isPositive();
        assertThat(afterOutage.jwksFailures()).isEqualTo(afterOutage.jwksFetches());
        assertThat(validator.drainKeyFetches()).isEqualTo(KeyFetches.NONE);
    }

    @Test
    void acceptsARotatedKeyAfterOneRefresh() {
        JwtValidator validator = validator("JWKS_REFRESH_MIN_INTERVAL_SECONDS", "1");
        assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);

        server.serve(new JWKSet(List.of(first, second)));
        assertThat(validator.validate(tokenSignedBy(second), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void keepsServingCachedKeysWhileTheEndpointIsDownAndNeverAnswersAnUnknownKidWithACacheableRefusal() {
        JwtValidator validator = validator();
        assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);

        server.fail();
        // The new kid may be a rotation the endpoint cannot tell us about: an error (500), never a cached 401.
        assertThat(reason(validator.validate(tokenSignedBy(second), Instant.now())))
                .isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void answersAnUnknownKidWithUnknownKeyWhenTheEndpointIsHealthy() {
        JwtValidator validator = validator();
        assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        assertThat(reason(validator.validate(tokenSignedBy(second), Instant.now()))).isEqualTo(DenyReason.UNKNOWN_KEY);
    }

    @Test
    void reportsKeysUnavailableWhenNothingIsCachedAndTheEndpointFails() {
        server.fail();
        assertThat(reason(validator().validate(tokenSignedBy(first), Instant.now())))
                .isEqualTo(DenyReason.KEYS_UNAVAILABLE);
    }

    @Test
    void neverTurnsARateLimitedRefreshDuringAnOutageIntoACacheableRefusal() {
        // The rate limiter refuses the third fetch within its interval; while the endpoint is down that must stay
        // an outage (500, uncached), not become UNKNOWN_KEY (401, which API Gateway would cache).
        server.fail();
        JwtValidator validator = validator();
        for (int i = 0; i < 6; i++) {
            assertThat(reason(validator.validate(tokenSignedBy(first), Instant.now())))
                    .isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        }
        server.serve(new JWKSet(first));
        // Once the endpoint is back, the rate limit still holds until its interval ends: still an error, not a 401.
        assertThat(reason(validator.validate(tokenSignedBy(first), Instant.now())))
                .isIn(DenyReason.KEYS_UNAVAILABLE, null);
    }

    @Test
    void reportsKeysUnavailableWhenTheEndpointServesGarbage() {
        server.garbage();
        assertThat(reason(validator().validate(tokenSignedBy(first), Instant.now())))
                .isEqualTo(DenyReason.KEYS_UNAVAILABLE);
    }

    @Test
    void boundsASlowEndpointByTheReadTimeout() {
        // The endpoint answers after 5 s; the read timeout is 1 s. Had the validator waited, the token would be valid.
        server.slow(Duration.ofSeconds(5));
        assertThat(reason(validator().validate(tokenSignedBy(first), Instant.now())))
                .isEqualTo(DenyReason.KEYS_UNAVAILABLE);
    }

    @Test
    void rateLimitsRefreshStormsOfUnknownKids() {
        JwtValidator validator = validator();
        assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        int before = server.requestCount();

        Map<DenyReason, Integer> reasons = new EnumMap<>(DenyReason.class);
        for (int i = 0; i < 200; i++) {
            reasons.merge(reason(validator.validate(forgedWithKid("random-" + i), Instant.now())), 1, Integer::sum);
        }

        // 200 unknown kids inside one 30 s window: at most one refresh reached the endpoint. The kid that refresh
        // looked for is known to be absent (401); the others no fetch has checked (an uncached error, not a 401).
        assertThat(server.requestCount() - before).isLessThanOrEqualTo(1);
        assertThat(reasons).isEqualTo(Map.of(DenyReason.UNKNOWN_KEY, 1, DenyReason.KEY_REFRESH_DEFERRED, 199));
    }

    /**
     * Issue 14, point 9: random kids spend the refresh budget, then the issuer starts signing with a new key. Its
     * valid token must not be answered UNKNOWN_KEY (a 401 API Gateway caches for the authorizer TTL): no fetch has
     * looked for its kid yet, so the answer is KEY_REFRESH_DEFERRED, an error that is never cached.
     */
    @Test
    void aKeyRotatedInWhileRandomKidsSpendTheRefreshBudgetIsNeverAnUnknownKey() {
        JwtValidator validator = validator();
        assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        assertThat(reason(validator.validate(forgedWithKid("random-a"), Instant.now())))
                .as("its own refresh looked for it").isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(reason(validator.validate(forgedWithKid("random-b"), Instant.now())))
                .as("the budget is spent: unchecked").isEqualTo(DenyReason.KEY_REFRESH_DEFERRED);
        assertThat(server.requestCount()).isEqualTo(2);

        server.serve(new JWKSet(List.of(first, second)));
        for (int i = 0; i < 3; i++) {
            assertThat(reason(validator.validate(tokenSignedBy(second), Instant.now())))
                    .as("a valid token of the key the issuer just rotated in").isEqualTo(DenyReason.KEY_REFRESH_DEFERRED);
        }
        // kids a fetch has looked for stay refused; the key already cached stays trusted; nothing else was fetched
        assertThat(reason(validator.validate(forgedWithKid("random-a"), Instant.now()))).isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void aRetiredKeyIsUnknownEvenWhileTheRefreshBudgetIsSpent() {
        JwtValidator validator = validator();
        assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        server.serve(new JWKSet(second));
        // the new kid spends the last refresh of the interval and brings the new set, which drops the first key
        assertThat(validator.validate(tokenSignedBy(second), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        assertThat(reason(validator.validate(tokenSignedBy(first), Instant.now()))).isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(reason(validator.validate(forgedWithKid("never-seen"), Instant.now())))
                .isEqualTo(DenyReason.KEY_REFRESH_DEFERRED);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    /** Each issuer profile has its own refresh budget: random kids under one issuer never defer another's keys. */
    @Test
    void eachIssuerProfileHasItsOwnRefreshBudget() {
        RSAKey partnerKey = TestKeys.rsa("p1");
        RSAKey partnerRotated = TestKeys.rsa("p2");
        try (JwksServer partner = JwksServer.start(new JWKSet(partnerKey))) {
            JwtValidator validator = JwtValidator.create(JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS", "["
                    + "{\"id\":\"main\",\"issuer\":\"" + ISSUER + "\",\"audiences\":[\"" + AUDIENCE + "\"],"
                    + "\"jwksUrl\":\"" + server.url() + "\"},"
                    + "{\"id\":\"partner\",\"issuer\":\"" + PARTNER + "\",\"audiences\":[\"" + AUDIENCE + "\"],"
                    + "\"jwksUrl\":\"" + partner.url() + "\"}]")));
            assertThat(validator.validate(tokenSignedBy(first), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
            assertThat(validator.validate(partnerToken(partnerKey), Instant.now()))
                    .isInstanceOf(ValidationResult.Valid.class);
            for (int i = 0; i < 20; i++) {
                assertThat(reason(validator.validate(forgedWithKid("random-" + i), Instant.now())))
                        .isIn(DenyReason.UNKNOWN_KEY, DenyReason.KEY_REFRESH_DEFERRED);
            }
            partner.serve(new JWKSet(List.of(partnerKey, partnerRotated)));
            assertThat(validator.validate(partnerToken(partnerRotated), Instant.now()))
                    .as("the partner's budget is untouched: its new key is fetched at once")
                    .isInstanceOf(ValidationResult.Valid.class);
            assertThat(partner.requestCount()).isEqualTo(2);
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    static String partnerToken(RSAKey key) {
        return TestTokens.valid(PARTNER, AUDIENCE, Instant.now().minusSeconds(5)).sign(key);
    }

    static String forgedWithKid(String kid) {
        return TestTokens.valid(ISSUER, AUDIENCE, Instant.now().minusSeconds(5)).header("kid", kid).sign(ATTACKER);
    }
}
