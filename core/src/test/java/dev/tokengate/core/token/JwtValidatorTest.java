package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.tokengate.core.table.TokenIds;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One case per deny reason, and the RFC 8725 attack classes. Every key and token is made here; the validator sees
 * only the public JWK set, inline.
 */
class JwtValidatorTest {
    static final String ISSUER = "https://issuer.example.com/";
    static final String AUDIENCE = "orders-api";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static final RSAKey RSA = TestKeys.rsa("rsa-1");
    static final ECKey EC = TestKeys.ec("ec-1");
    static final RSAKey ATTACKER = TestKeys.rsa("rsa-1"); // same kid as the trusted key, different key material

    static JwtValidator validator(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("JWT_ISSUER", ISSUER);
        env.put("JWT_AUDIENCE", AUDIENCE + ",other-api");
        env.put("JWKS", TestKeys.publicJson(RSA, EC));
        env.putAll(overrides);
        return JwtValidator.create(JwtConfig.fromEnvironment(env));
    }

    static final JwtValidator VALIDATOR = validator(Map.of());

    static TestTokens token() {
        return TestTokens.valid(ISSUER, AUDIENCE, NOW.minusSeconds(60));
    }

    static DenyReason reasonFor(String jwt) {
        ValidationResult result = VALIDATOR.validate(jwt, NOW);
        assertThat(result).isInstanceOf(ValidationResult.Rejected.class);
        return ((ValidationResult.Rejected) result).reason();
    }

    @Test
    void acceptsRs256TokenAndExposesVerifiedClaims() {
        String jwt = token().subject("alice").tokenId("jti-1").scope("orders:read orders:write")
                .claim("client_id", "web").claim("origin_jti", "family-1").claim("sid", "s-1").sign(RSA);

        ValidationResult result = VALIDATOR.validate(jwt, NOW);

        assertThat(result).isInstanceOf(ValidationResult.Valid.class);
        ValidatedToken t = ((ValidationResult.Valid) result).token();
        assertThat(t.subject()).isEqualTo("alice");
        assertThat(t.tokenId()).isEqualTo("jti-1");
        assertThat(t.issuer()).isEqualTo(ISSUER);
        assertThat(t.audience()).containsExactly(AUDIENCE);
        assertThat(t.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(t.scopeString()).isEqualTo("orders:read orders:write");
        assertThat(t.clientId()).contains("web");
        assertThat(t.originTokenId()).contains("family-1");
        assertThat(t.sessionId()).contains("s-1");
        assertThat(t.expiresAt()).isEqualTo(NOW.minusSeconds(60).plusSeconds(3600));
    }

    // --- cnf (RFC 7800): read from the verified token; verified against the request by the authorizer -----------

    static final String JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"; // RFC 9449 figure 9
    static final String X5T = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"; // RFC 8705 section 3.1

    @Test
    void aTokenWithoutCnfIsABearerToken() {
        ValidatedToken t = ((ValidationResult.Valid) VALIDATOR.validate(token().sign(RSA), NOW)).token();
        assertThat(t.confirmation()).isEqualTo(Confirmation.NONE);
        assertThat(t.confirmation().isBound()).isFalse();
    }

    @Test
    void readsTheBindingOfABoundToken() {
        String jwt = token().claim("cnf", Map.of("jkt", JKT, "x5t#S256", X5T, "kid", "k")).sign(RSA);

        Confirmation cnf = ((ValidationResult.Valid) VALIDATOR.validate(jwt, NOW)).token().confirmation();

        assertThat(cnf.isBound()).isTrue();
        assertThat(cnf.jwkThumbprint()).contains(JKT);
        assertThat(cnf.certificateThumbprint()).contains(X5T);
        assertThat(cnf.otherMembers()).containsExactly("kid"); // kept, so the authorizer can refuse what it cannot check
    }

    @ParameterizedTest
    @MethodSource("malformedBindings")
    void refusesAMalformedCnf(Object cnf) {
        assertThat(reasonFor(token().claim("cnf", cnf).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
    }

    static Stream<Object> malformedBindings() {
        return Stream.of("jkt", 42, List.of(JKT), Map.of("jkt", 42), Map.of("jkt", JKT + "A"),
                Map.of("jkt", JKT.substring(1)), Map.of("jkt", JKT + "="),
                Map.of("jkt", JKT.replace('-', '+')), Map.of("x5t#S256", ""), Map.of("x5t#S256", List.of(X5T)));
    }

    @Test
    void refusesANullCnf() {
        assertThat(reasonFor(withPayload(token().sign(RSA), "{\"iss\":\"" + ISSUER + "\",\"cnf\":null}")))
                .isEqualTo(DenyReason.INVALID_CLAIM);
    }

    @Test
    void acceptsEs256Token() {
        assertThat(VALIDATOR.validate(token().sign(EC), NOW)).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void acceptsScpArrayAndAudienceArray() {
        String jwt = token().claim("scp", List.of("a", "b")).audience(List.of("x", "other-api")).sign(RSA);
        ValidationResult result = VALIDATOR.validate(jwt, NOW);
        assertThat(result).isInstanceOf(ValidationResult.Valid.class);
        assertThat(((ValidationResult.Valid) result).token().scopes()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void acceptsAccessTokenTypeWithMediaTypePrefixInAnyCase() {
        assertThat(VALIDATOR.validate(token().header("typ", "application/AT+JWT").sign(RSA), NOW))
                .isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void acceptsMissingTypeOnlyWhenConfiguredAsNone() {
        String jwt = token().header("typ", null).sign(RSA);
        assertThat(reasonFor(jwt)).isEqualTo(DenyReason.TYPE_NOT_ALLOWED);
        assertThat(validator(Map.of("JWT_TYPES", "JWT,none")).validate(jwt, NOW))
                .isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void clockSkewWidensTheWindowOnlyByTheConfiguredAmount() {
        String expiredTenSecondsAgo = token().expiresAt(NOW.minusSeconds(10)).sign(RSA);
        assertThat(reasonFor(expiredTenSecondsAgo)).isEqualTo(DenyReason.EXPIRED);
        JwtValidator lenient = validator(Map.of("CLOCK_SKEW_SECONDS", "30"));
        assertThat(lenient.validate(expiredTenSecondsAgo, NOW)).isInstanceOf(ValidationResult.Valid.class);
        String expiredMinuteAgo = token().expiresAt(NOW.minusSeconds(60)).sign(RSA);
        assertThat(lenient.validate(expiredMinuteAgo, NOW)).isInstanceOf(ValidationResult.Rejected.class);
    }

    @Test
    void acceptsALifetimeOfExactlyTheConfiguredMaximum() {
        String day = token().issuedAt(NOW.minusSeconds(60)).expiresAt(NOW.minusSeconds(60).plusSeconds(86_400)).sign(RSA);
        assertThat(VALIDATOR.validate(day, NOW)).isInstanceOf(ValidationResult.Valid.class);
        JwtValidator hour = validator(Map.of("MAX_TOKEN_LIFETIME_SECONDS", "3600"));
        assertThat(((ValidationResult.Rejected) hour.validate(day, NOW)).reason()).isEqualTo(DenyReason.LIFETIME_TOO_LONG);
    }

    @Test
    void tokenExpiringExactlyNowIsExpired() {
        assertThat(reasonFor(token().expiresAt(NOW).sign(RSA))).isEqualTo(DenyReason.EXPIRED);
    }

    @Test
    void aRefusalNamesTheIssuerProfileOnceTheTokensIssSelectedOne() {
        ValidationResult expired = VALIDATOR.validate(token().expiresAt(NOW.minusSeconds(600)).sign(RSA), NOW);
        assertThat(((ValidationResult.Rejected) expired).issuerId()).contains("default");
        ValidationResult unknown = VALIDATOR.validate(token().claim("iss", "https://evil.example/").sign(RSA), NOW);
        assertThat(((ValidationResult.Rejected) unknown).issuerId()).isEmpty();
        assertThat(((ValidationResult.Rejected) VALIDATOR.validate("garbage", NOW)).issuerId()).isEmpty();
    }

    @Test
    void validateIgnoringExpiryStillChecksSignatureAndClaims() {
        String expired = token().expiresAt(NOW.minusSeconds(600)).sign(RSA);
        assertThat(VALIDATOR.validateIgnoringExpiry(expired, NOW)).isInstanceOf(ValidationResult.Valid.class);
        String forged = token().expiresAt(NOW.minusSeconds(600)).sign(ATTACKER);
        assertThat(VALIDATOR.validateIgnoringExpiry(forged, NOW))
                .isEqualTo(new ValidationResult.Rejected(DenyReason.BAD_SIGNATURE,
                        "signature does not verify with the trusted key", Optional.of("default")));
        String wrongIssuer = token().claim("iss", "https://evil.example/").expiresAt(NOW.minusSeconds(600)).sign(RSA);
        assertThat(((ValidationResult.Rejected) VALIDATOR.validateIgnoringExpiry(wrongIssuer, NOW)).reason())
                .isEqualTo(DenyReason.UNKNOWN_ISSUER);
    }

    /** One case per token-level deny reason the validator can produce. */
    static Stream<Arguments> denyCases() {
        return Stream.of(
                Arguments.of(DenyReason.MISSING_TOKEN, (Function<Void, String>) v -> ""),
                Arguments.of(DenyReason.MALFORMED_TOKEN, (Function<Void, String>) v -> "not-a-jwt"),
                Arguments.of(DenyReason.MALFORMED_TOKEN, (Function<Void, String>) v -> "a.b.c"),
                Arguments.of(DenyReason.MALFORMED_TOKEN, (Function<Void, String>) v -> "eyJhbGciOiJSUzI1NiJ9..sig"),
                Arguments.of(DenyReason.MALFORMED_TOKEN, (Function<Void, String>) v -> token().sign(RSA) + " "),
                Arguments.of(DenyReason.MALFORMED_TOKEN, (Function<Void, String>) v -> withPayload(token().sign(RSA), "[1,2]")),
                Arguments.of(DenyReason.TOKEN_TOO_LARGE, (Function<Void, String>) v -> token().claim("pad", "x".repeat(9000)).sign(RSA)),
                Arguments.of(DenyReason.UNSIGNED_TOKEN, (Function<Void, String>) v -> token().unsigned("none")),
                Arguments.of(DenyReason.ENCRYPTED_TOKEN, (Function<Void, String>) v -> "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"),
                Arguments.of(DenyReason.ALGORITHM_NOT_ALLOWED, (Function<Void, String>) v -> token().sign(RSA, JWSAlgorithm.PS256)),
                Arguments.of(DenyReason.TYPE_NOT_ALLOWED, (Function<Void, String>) v -> token().header("typ", "id_token+jwt").sign(RSA)),
                Arguments.of(DenyReason.UNSUPPORTED_CRITICAL_HEADER, (Function<Void, String>) v -> token().header("crit", List.of("exp")).header("exp", 1).sign(RSA)),
                Arguments.of(DenyReason.UNKNOWN_KEY, (Function<Void, String>) v -> token().sign(TestKeys.rsa("someone-else"))),
                Arguments.of(DenyReason.KEY_MISMATCH, (Function<Void, String>) v -> token().header("kid", "ec-1").sign(RSA)),
                Arguments.of(DenyReason.BAD_SIGNATURE, (Function<Void, String>) v -> token().sign(ATTACKER)),
                Arguments.of(DenyReason.INVALID_CLAIM, (Function<Void, String>) v -> token().claim("exp", "tomorrow").sign(RSA)),
                Arguments.of(DenyReason.MISSING_CLAIM, (Function<Void, String>) v -> token().without("jti").sign(RSA)),
                Arguments.of(DenyReason.UNKNOWN_ISSUER, (Function<Void, String>) v -> token().claim("iss", ISSUER + "x").sign(RSA)),
                Arguments.of(DenyReason.AUDIENCE_MISMATCH, (Function<Void, String>) v -> token().claim("aud", "billing-api").sign(RSA)),
                Arguments.of(DenyReason.EXPIRED, (Function<Void, String>) v -> token().expiresAt(NOW.minusSeconds(1)).sign(RSA)),
                Arguments.of(DenyReason.NOT_YET_VALID, (Function<Void, String>) v -> token().claim("nbf", NOW.getEpochSecond() + 60).sign(RSA)),
                Arguments.of(DenyReason.ISSUED_IN_FUTURE, (Function<Void, String>) v -> token().issuedAt(NOW.plusSeconds(60)).sign(RSA)),
                Arguments.of(DenyReason.LIFETIME_TOO_LONG, (Function<Void, String>) v -> token().issuedAt(NOW.minusSeconds(60)).expiresAt(NOW.plusSeconds(86_400)).sign(RSA)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denyCases")
    void refusesWithTypedReason(DenyReason expected, Function<Void, String> tokenMaker) {
        assertThat(reasonFor(tokenMaker.apply(null))).isEqualTo(expected);
    }

    static final List<DenyReason> SENDER_CONSTRAINT_REASONS = List.of(DenyReason.DPOP_PROOF_MISSING,
            DenyReason.DPOP_PROOF_INVALID, DenyReason.DPOP_PROOF_MISMATCH, DenyReason.DPOP_PROOF_OUTSIDE_WINDOW,
            DenyReason.DPOP_PROOF_REPLAYED, DenyReason.DPOP_KEY_MISMATCH, DenyReason.DPOP_REQUIRED,
            DenyReason.CLIENT_CERTIFICATE_MISSING, DenyReason.CLIENT_CERTIFICATE_MISMATCH,
            DenyReason.UNSUPPORTED_BINDING);

    @Test
    void everyTokenLevelDenyReasonIsCovered() {
        var covered = denyCases().map(a -> (DenyReason) a.get()[0]).toList();
        var validatorReasons = Stream.of(DenyReason.values())
                // proven against a real endpoint in RemoteJwksTest
                .filter(r -> r != DenyReason.KEYS_UNAVAILABLE && r != DenyReason.KEY_REFRESH_DEFERRED)
                // need a profile with client ids or a token use: one case each in IssuerProfilesTest
                .filter(r -> r != DenyReason.CLIENT_MISMATCH && r != DenyReason.TOKEN_USE_MISMATCH)
                // cannot happen: the profile is selected by this exact iss; the check stays as a second line
                .filter(r -> r != DenyReason.ISSUER_MISMATCH)
                .filter(r -> !List.of(DenyReason.TOKEN_REVOKED, DenyReason.FAMILY_REVOKED, DenyReason.USER_REVOKED,
                        DenyReason.SESSION_REVOKED,
                        DenyReason.TOKEN_NOT_REGISTERED, DenyReason.INSUFFICIENT_SCOPE, DenyReason.UNKNOWN_EVENT_SHAPE,
                        DenyReason.STORE_UNAVAILABLE, DenyReason.STORE_THROTTLED,
                        DenyReason.STALE_REVOCATION_READ).contains(r))
                // sender constraints are verified by the authorizer against the request (its binding tests)
                .filter(r -> !SENDER_CONSTRAINT_REASONS.contains(r))
                .toList();
        assertThat(covered).containsAll(validatorReasons);
    }

    // --- RFC 8725 attack classes -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void refusesAlgNoneInAnyCase(String spelling) {
        DenyReason reason = reasonFor(token().unsigned(spelling));
        assertThat(reason).isEqualTo(DenyReason.UNSIGNED_TOKEN);
    }

    @Test
    void refusesAlgNoneEvenWithATrustedSignatureAppended() {
        String real = token().sign(RSA);
        String[] parts = real.split("\\.");
        String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(reasonFor(noneHeader + "." + parts[1] + "." + parts[2])).isEqualTo(DenyReason.UNSIGNED_TOKEN);
    }

    @Test
    void refusesHs256SignedWithTheRsaPublicKeyAsSecret() {
        byte[] publicKeyBytes = RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        String forged = token().signHmac(publicKeyBytes, "rsa-1");
        assertThat(reasonFor(forged)).isEqualTo(DenyReason.ALGORITHM_NOT_ALLOWED);
        // Even a configuration that asked for HS256 could not be built: see JwtConfigTest.
    }

    @Test
    void ignoresEmbeddedJwkHeaderKey() {
        RSAKey attacker = TestKeys.rsa("attacker");
        String forged = token().header("jwk", attacker.toPublicJWK().toJSONObject()).sign(attacker);
        assertThat(reasonFor(forged)).isEqualTo(DenyReason.UNKNOWN_KEY);
        String forgedWithTrustedKid = token().header("jwk", ATTACKER.toPublicJWK().toJSONObject()).sign(ATTACKER);
        assertThat(reasonFor(forgedWithTrustedKid)).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @Test
    void neverFetchesJkuOrX5uFromTheToken() {
        // The URLs point at a closed port: if the validator fetched them, the reason would be a fetch error.
        String jku = token().header("jku", "http://127.0.0.1:9/jwks.json").sign(ATTACKER);
        String x5u = token().header("x5u", "http://127.0.0.1:9/cert.pem").sign(ATTACKER);
        assertThat(reasonFor(jku)).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reasonFor(x5u)).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @Test
    void ignoresX5cHeaderCertificateChain() {
        RSAKey attacker = TestKeys.rsa("attacker");
        String forged = token().header("x5c", List.of("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")).sign(attacker);
        assertThat(reasonFor(forged)).isEqualTo(DenyReason.UNKNOWN_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "' OR 1=1 --", "rsa-1\u0000", "", "rsa-2"})
    void refusesInjectedOrUnknownKid(String kid) {
        String jwt = token().header("kid", kid).sign(TestKeys.rsa("x"));
        assertThat(reasonFor(jwt)).isEqualTo(DenyReason.UNKNOWN_KEY);
    }

    @Test
    void refusesMissingKid() {
        String jwt = token().header("kid", null).sign(TestKeys.rsa(null));
        assertThat(reasonFor(jwt)).isEqualTo(DenyReason.UNKNOWN_KEY);
    }

    @Test
    void refusesKeyWhoseOwnAlgOrUseDisagreesWithTheHeader() {
        RSAKey encryptionKey = new RSAKey.Builder(TestKeys.rsa("enc-1")).keyUse(KeyUse.ENCRYPTION).build();
        ECKey p384 = TestKeys.ec("ec-384", Curve.P_384, JWSAlgorithm.ES384);
        JwtValidator v = validator(Map.of("JWKS", TestKeys.publicJson(encryptionKey, p384),
                "JWT_ALGORITHMS", "RS256,ES256,ES384"));
        assertThat(((ValidationResult.Rejected) v.validate(token().sign(encryptionKey), NOW)).reason())
                .isEqualTo(DenyReason.KEY_MISMATCH);
        // ES256 header naming a P-384 key: curve and alg disagree.
        String es256OnP384 = token().header("kid", "ec-384").sign(EC, JWSAlgorithm.ES256);
        assertThat(((ValidationResult.Rejected) v.validate(es256OnP384, NOW)).reason())
                .isEqualTo(DenyReason.KEY_MISMATCH);
        // The JWK says RS256; a PS256 header for it is refused even when PS256 is allowed.
        JwtValidator ps = validator(Map.of("JWT_ALGORITHMS", "RS256,PS256"));
        assertThat(((ValidationResult.Rejected) ps.validate(token().sign(RSA, JWSAlgorithm.PS256), NOW)).reason())
                .isEqualTo(DenyReason.KEY_MISMATCH);
    }

    @Test
    void refusesRsaKeysShorterThan2048Bits() {
        RSAKey weak = TestKeys.rsa("weak", 1024);
        JwtValidator v = validator(Map.of("JWKS", TestKeys.publicJson(weak)));
        assertThat(((ValidationResult.Rejected) v.validate(token().sign(weak), NOW)).reason())
                .isEqualTo(DenyReason.KEY_MISMATCH);
    }

    @Test
    void refusesTamperedPayload() {
        String real = token().subject("alice").sign(RSA);
        String[] parts = real.split("\\.");
        Map<String, Object> claims = token().subject("admin").claims();
        String tampered = parts[0] + "." + TestTokens.encode(claims) + "." + parts[2];
        assertThat(reasonFor(tampered)).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @Test
    void refusesTamperedHeader() {
        String real = token().sign(RSA);
        String[] parts = real.split("\\.");
        String otherHeader = TestTokens.encode(Map.of("alg", "RS256", "kid", "rsa-1", "typ", "at+jwt"));
        assertThat(reasonFor(otherHeader + "." + parts[1] + "." + parts[2])).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @Test
    void refusesSignatureFromOneTokenOnAnother() {
        String a = token().sign(RSA);
        String b = token().sign(RSA);
        String spliced = b.substring(0, b.lastIndexOf('.')) + a.substring(a.lastIndexOf('.'));
        assertThat(reasonFor(spliced)).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "jti", "exp", "iat"})
    void refusesTokenMissingAlwaysRequiredClaim(String claim) {
        assertThat(reasonFor(token().without(claim).sign(RSA))).isEqualTo(DenyReason.MISSING_CLAIM);
    }

    @Test
    void refusesEmptySubject() {
        assertThat(reasonFor(token().subject("").sign(RSA))).isEqualTo(DenyReason.MISSING_CLAIM);
    }

    @Test
    void refusesConfiguredExtraRequiredClaim() {
        JwtValidator v = validator(Map.of("JWT_REQUIRED_CLAIMS", "client_id"));
        assertThat(((ValidationResult.Rejected) v.validate(token().sign(RSA), NOW)).reason())
                .isEqualTo(DenyReason.MISSING_CLAIM);
        assertThat(v.validate(token().claim("client_id", "web").sign(RSA), NOW)).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void refusesWrongClaimTypes() {
        assertThat(reasonFor(token().claim("jti", 42).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().claim("iat", "yesterday").sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().claim("iss", List.of(ISSUER)).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().claim("scope", List.of("a")).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().claim("scp", 7).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().claim("origin_jti", Map.of()).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().tokenId("x".repeat(600)).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().claim("aud", List.of(AUDIENCE, 5)).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
    }

    @Test
    void refusesIdsTheTokenTableCannotKey() {
        // within 512 characters but over 1,000 UTF-8 bytes, or carrying a line separator: the revocation API
        // refuses such ids, so a token carrying them could never be revoked by id
        String wide = "\u20ac".repeat(400);
        assertThat(reasonFor(token().subject(wide).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().tokenId(wide).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().claim("origin_jti", wide).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().subject("line\u2028sep").sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().tokenId("para\u2029sep").sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        // a session id no back-channel logout could name (it follows the same rule) would be a session no logout
        // ends; one long enough would also push the session item's key past DynamoDB's limit
        for (String sid : List.of(wide, "s".repeat(513), "line\nbreak", "")) {
            assertThat(reasonFor(token().claim("sid", sid).sign(RSA))).as(sid).isEqualTo(DenyReason.INVALID_CLAIM);
            assertThat(TokenIds.isValid(sid)).as(sid).isFalse();
        }
        assertThat(VALIDATOR.validate(token().claim("sid", "s".repeat(512)).sign(RSA), NOW))
                .isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void refusesAnUnpairedSurrogateEscapedInTheSubject() throws Exception {
        // the JSON escape for U+D800 decodes to a lone surrogate, which UTF-8 keys cannot carry: two such
        // subjects would share one partition
        String json = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(token().subject("LONE").claims())
                .replace("LONE", "a\\ud800b");
        String signingInput = TestTokens.encode(Map.of("alg", "RS256", "kid", "rsa-1", "typ", "JWT")) + "."
                + Base64URL.encode(json.getBytes(StandardCharsets.UTF_8));
        Base64URL signature = new com.nimbusds.jose.crypto.RSASSASigner(RSA).sign(
                new com.nimbusds.jose.JWSHeader(JWSAlgorithm.RS256), signingInput.getBytes(StandardCharsets.US_ASCII));

        assertThat(reasonFor(signingInput + "." + signature)).isEqualTo(DenyReason.INVALID_CLAIM);
    }

    @Test
    void refusesNumericSubjectRatherThanCoercingIt() {
        // "sub": 42 must not become the principal (and the USER#42 partition) of "sub": "42".
        assertThat(reasonFor(token().claim("sub", 42).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().claim("sub", 1.5).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
        assertThat(reasonFor(token().claim("iss", 7).sign(RSA))).isEqualTo(DenyReason.INVALID_CLAIM);
    }

    @Test
    void refusesEveryJweShape() {
        String header = Base64URL.encode("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}".getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(reasonFor(header + ".." + "aaaa.bbbb.cccc")).isEqualTo(DenyReason.ENCRYPTED_TOKEN);
        // A JWE header squeezed into three segments is still refused, never decrypted.
        assertThat(reasonFor(header + ".e30.abc")).isEqualTo(DenyReason.ENCRYPTED_TOKEN);
    }

    @Test
    void refusesOversizeTokenBeforeParsing() {
        // Not even base64: if it were parsed first the reason would be MALFORMED_TOKEN.
        assertThat(reasonFor("%".repeat(10_000))).isEqualTo(DenyReason.TOKEN_TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "...", "a..", "!!!.@@@.###", "eyJ9.eyJ9.eyJ9", "e30.e30.e30", "Bearer abc"})
    void refusesGarbageWithoutThrowing(String garbage) {
        assertThat(reasonFor(garbage)).isIn(DenyReason.MALFORMED_TOKEN, DenyReason.UNKNOWN_KEY);
    }

    @Test
    void refusesNullToken() {
        assertThat(((ValidationResult.Rejected) VALIDATOR.validate(null, NOW)).reason()).isEqualTo(DenyReason.MISSING_TOKEN);
    }

    @Test
    void rejectionDetailNeverContainsTokenMaterial() {
        String jwt = token().claim("iss", "https://evil.example/").sign(RSA);
        ValidationResult.Rejected r = (ValidationResult.Rejected) VALIDATOR.validate(jwt, NOW);
        for (String segment : jwt.split("\\.")) {
            assertThat(r.detail()).doesNotContain(segment);
        }
        assertThat(r.detail()).doesNotContain("evil");
    }

    private static String withPayload(String jwt, String json) {
        String[] parts = jwt.split("\\.");
        return parts[0] + "." + Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    @SuppressWarnings("unused")
    private static JWK unused() {
        return EC;
    }

    @Test
    void admitsExactlyTheCharactersOfBase64urlAndTheDot() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            ValidationResult result = VALIDATOR.validate("ab" + c + "cd", NOW);
            String detail = ((ValidationResult.Rejected) result).detail();
            if (alphabet.indexOf(c) >= 0) {
                assertThat(detail).as("U+%04X", (int) c).isEqualTo("not a compact JWS (three segments)");
            } else {
                assertThat(detail).as("U+%04X", (int) c).isEqualTo("token has characters outside base64url");
            }
        }
    }
}
