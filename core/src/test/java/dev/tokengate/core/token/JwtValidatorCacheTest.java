package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokengate.testkit.JwksServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verified-token cache through the validator: a cached token gets, at every later instant, exactly the answer a
 * validator without a cache gives (reason and detail); a key that left the key set ends the entry; nothing but a
 * full verification is ever cached; every token string has its own entry; memory stays within both bounds under a
 * flood; concurrent use changes no answer.
 */
class JwtValidatorCacheTest {
    static final String ISSUER = "https://issuer.example.com/";
    static final String AUDIENCE = "orders-api";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final RSAKey RSA = TestKeys.rsa("rsa-1");
    static final ECKey EC = TestKeys.ec("ec-1");

    static JwtConfig config(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("JWT_ISSUER", ISSUER);
        env.put("JWT_AUDIENCE", AUDIENCE);
        env.put("JWKS", TestKeys.publicJson(RSA, EC));
        env.putAll(overrides);
        return JwtConfig.fromEnvironment(env);
    }

    static TestTokens token() {
        return TestTokens.valid(ISSUER, AUDIENCE, NOW.minusSeconds(60));
    }

    @Test
    void aCachedTokenIsAnsweredWithItsFirstVerification() {
        JwtValidator validator = JwtValidator.create(config(Map.of()), 100);
        String jwt = token().subject("alice").sign(RSA);

        ValidationResult first = validator.validate(jwt, NOW);
        ValidationResult again = validator.validate(jwt, NOW.plusSeconds(30));

        assertThat(first).isInstanceOf(ValidationResult.Valid.class);
        assertThat(again).isSameAs(first);
        assertThat(validator.cachedTokens()).isEqualTo(1);
    }

    @Test
    void withoutACacheNothingIsKept() {
        JwtValidator validator = JwtValidator.create(config(Map.of()));
        String jwt = token().sign(RSA);

        assertThat(validator.validate(jwt, NOW)).isInstanceOf(ValidationResult.Valid.class);
        assertThat(validator.validate(jwt, NOW)).isNotSameAs(validator.validate(jwt, NOW));
        assertThat(validator.cachedTokens()).isZero();
    }

    /**
     * Every clock rule, at instants around each boundary (with and without skew, nbf and iat in the future as a
     * clock that went backwards sees them): the cached validator answers exactly as a fresh uncached one.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 30})
    void everyClockRuleIsReCheckedOnAHitWithTheUncachedAnswer(int skew) {
        Map<String, String> env = Map.of("CLOCK_SKEW_SECONDS", Integer.toString(skew));
        Instant iat = NOW.minusSeconds(60);
        Instant exp = NOW.plusSeconds(600);
        Instant nbf = NOW.minusSeconds(10);
        String jwt = token().issuedAt(iat).expiresAt(exp).claim("nbf", nbf.getEpochSecond()).sign(EC);
        List<Instant> instants = new ArrayList<>();
        for (Instant boundary : List.of(iat, nbf, exp)) {
            for (long delta : new long[] {-skew - 1, -skew, -1, 0, 1, skew - 1, skew, skew + 1}) {
                instants.add(boundary.plusSeconds(delta));
            }
        }
        JwtValidator uncached = JwtValidator.create(config(env));

        for (Instant at : instants) {
            JwtValidator cached = JwtValidator.create(config(env), 10);
            assertThat(cached.validate(jwt, NOW)).isInstanceOf(ValidationResult.Valid.class);
            assertThat(cached.cachedTokens()).isEqualTo(1);

            ValidationResult answer = cached.validate(jwt, at);
            ValidationResult expected = uncached.validate(jwt, at);
            if (expected instanceof ValidationResult.Rejected refused) {
                assertThat(answer).as("at %s", at).isEqualTo(refused);
                assertThat(cached.cachedTokens()).as("a refused entry is dropped").isZero();
            } else {
                assertThat(answer).as("at %s", at).isInstanceOf(ValidationResult.Valid.class);
                assertThat(((ValidationResult.Valid) answer).token())
                        .isEqualTo(((ValidationResult.Valid) expected).token());
            }
        }
    }

    @Test
    void anExpiredCachedTokenIsRefusedAsExpiredLikeAnUncachedOne() {
        JwtValidator validator = JwtValidator.create(config(Map.of()), 10);
        Instant exp = NOW.plusSeconds(300);
        String jwt = token().expiresAt(exp).sign(RSA);
        assertThat(validator.validate(jwt, NOW)).isInstanceOf(ValidationResult.Valid.class);

        ValidationResult expired = validator.validate(jwt, exp);

        assertThat(expired).isEqualTo(JwtValidator.create(config(Map.of())).validate(jwt, exp));
        assertThat(((ValidationResult.Rejected) expired).reason()).isEqualTo(DenyReason.EXPIRED);
        // the revocation API's waiver still applies to a cached token, as to an uncached one
        assertThat(validator.validate(jwt, NOW)).isInstanceOf(ValidationResult.Valid.class);
        assertThat(validator.validateIgnoringExpiry(jwt, exp.plusSeconds(60)))
                .isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void theLifetimeBoundIsAClockRuleAndRefusesBeforeAnyEntryExists() {
        JwtValidator validator = JwtValidator.create(config(Map.of("MAX_TOKEN_LIFETIME_SECONDS", "600")), 10);
        String jwt = token().expiresAt(NOW.plusSeconds(3600)).sign(RSA);

        assertThat(((ValidationResult.Rejected) validator.validate(jwt, NOW)).reason())
                .isEqualTo(DenyReason.LIFETIME_TOO_LONG);
        assertThat(validator.cachedTokens()).isZero();
    }

    @Test
    void aRefusalIsNeverCached() {
        JwtValidator validator = JwtValidator.create(config(Map.of()), 100);
        String valid = token().sign(RSA);
        String[] parts = valid.split("\\.");
        List<String> refused = List.of(
                parts[0] + "." + parts[1] + "." + token().sign(RSA).split("\\.")[2],   // another token's signature
                token().sign(TestKeys.rsa("rsa-1")),                                   // an attacker key, same kid
                token().expiresAt(NOW.minusSeconds(1)).sign(RSA),                      // expired
                token().claim("nbf", NOW.plusSeconds(60).getEpochSecond()).sign(RSA),  // not yet valid
                token().claim("aud", "another-api").sign(RSA),
                token().sign(TestKeys.rsa("unknown-kid")));

        for (String jwt : refused) {
            ValidationResult first = validator.validate(jwt, NOW);
            assertThat(first).isInstanceOf(ValidationResult.Rejected.class);
            assertThat(validator.validate(jwt, NOW)).isEqualTo(first);
        }
        assertThat(validator.cachedTokens()).isZero();
    }

    @Test
    void aTokenRefusedUntilItsNotBeforeIsCachedOnlyOnceItPasses() {
        JwtValidator validator = JwtValidator.create(config(Map.of()), 10);
        String jwt = token().claim("nbf", NOW.plusSeconds(60).getEpochSecond()).sign(EC);

        assertThat(((ValidationResult.Rejected) validator.validate(jwt, NOW)).reason())
                .isEqualTo(DenyReason.NOT_YET_VALID);
        assertThat(validator.cachedTokens()).isZero();
        assertThat(validator.validate(jwt, NOW.plusSeconds(60))).isInstanceOf(ValidationResult.Valid.class);
        assertThat(validator.cachedTokens()).isEqualTo(1);
    }

    @Test
    void everyTokenStringHasItsOwnEntryEvenWhenItDecodesToTheSameBytes() {
        JwtValidator validator = JwtValidator.create(config(Map.of()), 100);
        String jwt = token().sign(EC);
        // The last character of a 64-byte signature carries 4 unused bits: another spelling of the same bytes.
        String respelled = jwt.substring(0, jwt.length() - 1) + sameBytesOtherSpelling(jwt.charAt(jwt.length() - 1));
        assertThat(respelled).isNotEqualTo(jwt);

        ValidationResult first = validator.validate(jwt, NOW);
        ValidationResult second = validator.validate(respelled, NOW);

        assertThat(second).isInstanceOf(ValidationResult.Valid.class).isNotSameAs(first);
        assertThat(validator.cachedTokens()).isEqualTo(2);
    }

    @Test
    void aTokenThatDiffersFromACachedOneInOneCharacterIsValidatedInFull() {
        JwtValidator validator = JwtValidator.create(config(Map.of()), 100);
        String jwt = token().sign(RSA);
        assertThat(validator.validate(jwt, NOW)).isInstanceOf(ValidationResult.Valid.class);
        JwtValidator uncached = JwtValidator.create(config(Map.of()));
        SplittableRandom random = new SplittableRandom(20261130);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (int i = 0; i < 200; i++) {
            int at = random.nextInt(jwt.length());
            char replacement = alphabet.charAt(random.nextInt(alphabet.length()));
            if (jwt.charAt(at) == '.' || jwt.charAt(at) == replacement) {
                continue;
            }
            String mutant = jwt.substring(0, at) + replacement + jwt.substring(at + 1);
            ValidationResult answer = validator.validate(mutant, NOW);
            assertThat(answer).as("mutant at %d", at).isEqualTo(uncached.validate(mutant, NOW));
        }
    }

    @Test
    void aTokenWithACharacterOutsideLatin1NeverMeetsTheCachedVerification() {
        JwtValidator validator = JwtValidator.create(config(Map.of()), 100);
        JwtValidator uncached = JwtValidator.create(config(Map.of()));
        String jwt = token().sign(EC);
        assertThat(validator.validate(jwt, NOW)).isInstanceOf(ValidationResult.Valid.class);

        // Such a character is '?' in the digested bytes; a cached token never holds one, so the digests differ.
        for (char c : new char[] {'\u0100', '\u4e00', '\ud83d', '\uffff', '?'}) {
            for (int at : new int[] {0, 10, jwt.length() - 1}) {
                String other = jwt.substring(0, at) + c + jwt.substring(at + 1);
                assertThat(validator.validate(other, NOW)).isEqualTo(uncached.validate(other, NOW))
                        .isInstanceOf(ValidationResult.Rejected.class);
            }
        }
        assertThat(validator.cachedTokens()).isEqualTo(1);
    }

    @Test
    void digestsOfDifferentTokenStringsDiffer() {
        SplittableRandom random = new SplittableRandom(20261130);
        Set<TokenDigest> seen = new HashSet<>();
        Set<String> strings = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) ('A' + random.nextInt(4)); // a tiny alphabet: many near-equal strings
            }
            if (strings.add(new String(bytes, StandardCharsets.ISO_8859_1))) {
                assertThat(seen.add(TokenDigest.of(bytes))).isTrue();
            }
            assertThat(TokenDigest.of(bytes.clone())).isEqualTo(TokenDigest.of(bytes));
        }
    }

    @Test
    void aKeyRotatedOutOfTheKeySetEndsTheEntriesItVerified() {
        RSAKey first = TestKeys.rsa("k1");
        RSAKey second = TestKeys.rsa("k2");
        try (JwksServer server = JwksServer.start(new JWKSet(first))) {
            Map<String, String> env = Map.of("JWKS", "", "JWKS_URL", server.url().toString(),
                    "JWKS_REFRESH_MIN_INTERVAL_SECONDS", "1");
            JwtValidator validator = JwtValidator.create(remote(env), 10);
            String cachedToken = TestTokens.valid(ISSUER, AUDIENCE, Instant.now().minusSeconds(5)).sign(first);
            assertThat(validator.validate(cachedToken, Instant.now())).isInstanceOf(ValidationResult.Valid.class);
            assertThat(validator.validate(cachedToken, Instant.now())).isInstanceOf(ValidationResult.Valid.class);
            assertThat(validator.cachedTokens()).isEqualTo(1);

            server.serve(new JWKSet(second)); // k1 retired
            String rotated = TestTokens.valid(ISSUER, AUDIENCE, Instant.now().minusSeconds(5)).sign(second);
            assertThat(validator.validate(rotated, Instant.now())).isInstanceOf(ValidationResult.Valid.class);

            ValidationResult afterRotation = validator.validate(cachedToken, Instant.now());
            assertThat(afterRotation).isInstanceOf(ValidationResult.Rejected.class);
            assertThat(((ValidationResult.Rejected) afterRotation).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
            assertThat(validator.cachedTokens()).as("only the rotated key's token").isEqualTo(1);
        }
    }

    @Test
    void aKeyReplacedUnderTheSameKidEndsTheEntriesTheOldKeyVerified() {
        RSAKey original = TestKeys.rsa("k1");
        RSAKey replacement = TestKeys.rsa("k1");
        try (JwksServer server = JwksServer.start(new JWKSet(original))) {
            Map<String, String> env = Map.of("JWKS", "", "JWKS_URL", server.url().toString(),
                    "JWKS_REFRESH_MIN_INTERVAL_SECONDS", "1");
            JwtValidator validator = JwtValidator.create(remote(env), 10);
            String cachedToken = TestTokens.valid(ISSUER, AUDIENCE, Instant.now().minusSeconds(5)).sign(original);
            assertThat(validator.validate(cachedToken, Instant.now())).isInstanceOf(ValidationResult.Valid.class);

            server.serve(new JWKSet(replacement));
            // The key source refreshes only when a kid is unknown or its cache time ends; an unknown kid forces it.
            validator.validate(TestTokens.valid(ISSUER, AUDIENCE, Instant.now()).sign(TestKeys.rsa("k9")),
                    Instant.now());

            ValidationResult answer = validator.validate(cachedToken, Instant.now());
            assertThat(((ValidationResult.Rejected) answer).reason()).isEqualTo(DenyReason.BAD_SIGNATURE);
            assertThat(validator.cachedTokens()).isZero();
        }
    }

    static JwtConfig remote(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.values().removeIf(String::isEmpty);
        all.put("JWT_ISSUER", ISSUER);
        all.put("JWT_AUDIENCE", AUDIENCE);
        all.put("JWKS_CONNECT_TIMEOUT_SECONDS", "1");
        all.put("JWKS_READ_TIMEOUT_SECONDS", "1");
        return JwtConfig.fromEnvironment(all);
    }

    @Test
    void aFloodOfDistinctTokensStaysWithinTheEntryBound() {
        JwtValidator validator = JwtValidator.create(config(Map.of()), 50);

        for (int i = 0; i < 500; i++) {
            assertThat(validator.validate(token().sign(EC), NOW)).isInstanceOf(ValidationResult.Valid.class);
            assertThat(validator.cachedTokens()).isLessThanOrEqualTo(50);
        }
        assertThat(validator.cachedTokens()).isEqualTo(50);
    }

    @Test
    void aFloodOfLargeTokensStaysWithinTheByteBound() {
        JwtValidator validator = JwtValidator.create(config(Map.of("JWT_MAX_TOKEN_BYTES", "65536")), 50);
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            scopes.add("s".repeat(1_999) + i);
        }

        for (int i = 0; i < 40; i++) {
            String jwt = token().scope(String.join(" ", scopes)).sign(EC);
            assertThat(validator.validate(jwt, NOW)).isInstanceOf(ValidationResult.Valid.class);
            // 20,000 characters of scopes are estimated at over 40 KiB: the budget of 50 x 2 KiB holds two such entries
            assertThat(validator.cachedTokens()).isEqualTo(Math.min(i + 1, 2));
        }
    }

    @Test
    void concurrentUseGivesEveryThreadTheUncachedAnswer() throws Exception {
        JwtValidator cached = JwtValidator.create(config(Map.of()), 8);
        JwtValidator uncached = JwtValidator.create(config(Map.of()));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            tokens.add(token().expiresAt(NOW.plusSeconds(10L * i)).sign(i % 2 == 0 ? RSA : EC));
        }
        tokens.add(token().sign(TestKeys.rsa("rsa-1")));
        List<Instant> instants = List.of(NOW, NOW.plusSeconds(55), NOW.plusSeconds(115), NOW.plusSeconds(235));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                SplittableRandom random = new SplittableRandom(t);
                work.add(() -> {
                    for (int i = 0; i < 400; i++) {
                        String jwt = tokens.get(random.nextInt(tokens.size()));
                        Instant at = instants.get(random.nextInt(instants.size()));
                        ValidationResult answer = cached.validate(jwt, at);
                        ValidationResult expected = uncached.validate(jwt, at);
                        if (expected instanceof ValidationResult.Valid valid) {
                            assertThat(answer).isInstanceOf(ValidationResult.Valid.class);
                            assertThat(((ValidationResult.Valid) answer).token()).isEqualTo(valid.token());
                        } else {
                            assertThat(answer).isEqualTo(expected);
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cached.cachedTokens()).isLessThanOrEqualTo(8);
    }

    /**
     * The cache re-runs only the clock rules on a hit, so every other claim check must answer the same at any
     * instant: run each profile's other checks on accepted and refused claims at instants centuries apart.
     */
    @Test
    void onlyClockRulesDependOnTheClock() throws Exception {
        String cognito = "[{\"id\":\"pool\",\"issuer\":\"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab\","
                + "\"preset\":\"cognito-access\",\"clientIds\":[\"app\"],\"jwks\":" + TestKeys.publicJson(EC) + "}]";
        List<IssuerProfile> profiles = new ArrayList<>(config(Map.of()).profiles());
        profiles.addAll(JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS", cognito)).profiles());
        List<TestTokens> claims = List.of(token(), token().without("sub"), token().claim("aud", "other"),
                token().claim("client_id", "app").claim("token_use", "access").without("aud"),
                token().claim("client_id", "app").claim("token_use", "id").without("aud"),
                token().claim("scope", List.of(1)), token().tokenId("\ud800"));
        for (IssuerProfile profile : profiles) {
            for (ClaimCheck check : ClaimChecks.forProfile(profile)) {
                if (check instanceof ClockRule) {
                    continue;
                }
                for (TestTokens token : claims) {
                    JWTClaimsSet set = JWTClaimsSet.parse(token.claims());
                    List<Object> answers = new ArrayList<>();
                    for (Instant at : List.of(Instant.EPOCH, NOW, Instant.parse("2999-01-01T00:00:00Z"))) {
                        ValidationContext context = new ValidationContext(at, true);
                        answers.add(List.of(check.refuses(set, context), String.valueOf(context.reason()),
                                String.valueOf(context.detail())));
                    }
                    assertThat(answers).as("%s in profile %s", check, profile.id()).containsOnly(answers.get(0));
                }
            }
        }
    }

    /** A base64url character whose value differs only in the low 4 bits, which a 64-byte final group leaves unused. */
    private static char sameBytesOtherSpelling(char last) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(last);
        return alphabet.charAt(value ^ 1);
    }
}
