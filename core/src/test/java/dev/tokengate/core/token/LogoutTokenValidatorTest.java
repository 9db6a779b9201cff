package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.testkit.JwksServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenID Connect Back-Channel Logout 1.0, section 2.6, rule by rule: each rule's positive case and its refusal, with
 * keys made here and the issuer profiles of a multi-issuer deployment (keys never cross profiles).
 */
class LogoutTokenValidatorTest {
    static final String IDP = "https://login.example.com/realms/staff";
    static final String PARTNER = "https://partner.example.net/";
    static final String RP = "tokengate-rp";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static final RSAKey IDP_KEY = TestKeys.rsa("idp-1");
    static final ECKey PARTNER_KEY = TestKeys.ec("partner-1");
    static final RSAKey ATTACKER = TestKeys.rsa("idp-1"); // the trusted kid, other key material

    static final JwtValidator ACCESS = JwtValidator.create(JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS",
            "[{\"id\":\"staff\",\"issuer\":\"" + IDP + "\",\"jwks\":" + TestKeys.publicJson(IDP_KEY)
                    + ",\"audiences\":[\"api\"],\"algorithms\":[\"RS256\"],\"backchannelLogout\":{\"audiences\":[\""
                    + RP + "\",\"second-rp\"]}},"
                    + "{\"id\":\"partner\",\"issuer\":\"" + PARTNER + "\",\"jwks\":" + TestKeys.publicJson(PARTNER_KEY)
                    + ",\"audiences\":[\"api\"],\"clockSkewSeconds\":30,\"backchannelLogout\":{\"audiences\":[\""
                    + RP + "\"],\"types\":[\"logout+jwt\",\"JWT\"]}},"
                    + "{\"id\":\"plain\",\"issuer\":\"https://plain.example.org/\",\"jwks\":"
                    + TestKeys.publicJson(TestKeys.rsa("plain-1")) + ",\"audiences\":[\"api\"]}]")));
    static final LogoutTokenValidator VALIDATOR = LogoutTokenValidator.sharingKeysWith(ACCESS);

    static TestTokens logout() {
        return TestTokens.logout(IDP, RP, "alice", NOW.minusSeconds(10));
    }

    static LogoutValidation validate(String token) {
        return VALIDATOR.validate("staff", token, NOW);
    }

    static LogoutRefusal refusalOf(String token) {
        LogoutValidation result = validate(token);
        assertThat(result).isInstanceOf(LogoutValidation.Rejected.class);
        return ((LogoutValidation.Rejected) result).reason();
    }

    static LogoutToken accepted(LogoutValidation result) {
        assertThat(result).as("%s", result).isInstanceOf(LogoutValidation.Valid.class);
        return ((LogoutValidation.Valid) result).token();
    }

    @Test
    void acceptsASubjectLogoutTokenAndExposesItsVerifiedValues() {
        TestTokens token = logout().tokenId("lt-1");

        LogoutToken verified = accepted(validate(token.sign(IDP_KEY)));

        assertThat(verified.issuerId()).isEqualTo("staff");
        assertThat(verified.tokenId()).isEqualTo("lt-1");
        assertThat(verified.subject()).contains("alice");
        assertThat(verified.sessionId()).isEmpty();
        assertThat(verified.user()).hasValueSatisfying(user -> assertThat(user.issuerId()).isEqualTo("staff"));
        assertThat(verified.issuedAt()).isEqualTo(NOW.minusSeconds(10));
        // exp (iat + 120) ends the acceptance window before iat + 5 minutes does
        assertThat(verified.acceptedUntil()).isEqualTo(NOW.plusSeconds(110));
    }

    @Test
    void acceptsASessionOnlyLogoutTokenAndOneWithBoth() {
        LogoutToken sessionOnly = accepted(validate(logout().without("sub").claim("sid", "s-1").sign(IDP_KEY)));
        assertThat(sessionOnly.subject()).isEmpty();
        assertThat(sessionOnly.sessionId()).contains("s-1");
        assertThat(sessionOnly.user()).isEmpty();

        LogoutToken both = accepted(validate(logout().claim("sid", "s-2").sign(IDP_KEY)));
        assertThat(both.subject()).contains("alice");
        assertThat(both.sessionId()).contains("s-2");
    }

    @Test
    void acceptsTheOptionalForms() {
        accepted(validate(logout().header("typ", null).sign(IDP_KEY)));
        accepted(validate(logout().header("typ", "application/logout+jwt").sign(IDP_KEY)));
        accepted(validate(logout().audience(List.of("someone-else", "second-rp")).sign(IDP_KEY)));
        LogoutToken withoutExp = accepted(validate(logout().without("exp").sign(IDP_KEY)));
        assertThat(withoutExp.acceptedUntil()).isEqualTo(NOW.minusSeconds(10).plus(LogoutTokenValidator.MAX_AGE));
        accepted(validate(logout().claim("events", Map.of(TestTokens.BACKCHANNEL_LOGOUT_EVENT, Map.of(),
                "https://schemas.example.com/other", Map.of("x", 1))).sign(IDP_KEY)));
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                rule(LogoutRefusal.TYPE_NOT_ALLOWED, "an access token's typ", t -> t.header("typ", "at+jwt")),
                rule(LogoutRefusal.TYPE_NOT_ALLOWED, "an ID token's typ JWT (not configured here)",
                        t -> t.header("typ", "JWT")),
                rule(LogoutRefusal.ISSUER_MISMATCH, "another trusted issuer's iss", t -> t.claim("iss", PARTNER)),
                rule(LogoutRefusal.ISSUER_MISMATCH, "iss with a trailing slash", t -> t.claim("iss", IDP + "/")),
                rule(LogoutRefusal.ISSUER_MISMATCH, "no iss", t -> t.without("iss")),
                rule(LogoutRefusal.AUDIENCE_MISMATCH, "aud of another client", t -> t.claim("aud", "api")),
                rule(LogoutRefusal.AUDIENCE_MISMATCH, "no aud", t -> t.without("aud")),
                rule(LogoutRefusal.INVALID_CLAIM, "a mistyped aud array", t -> t.claim("aud", List.of(RP, 7))),
                rule(LogoutRefusal.MISSING_CLAIM, "no iat", t -> t.without("iat")),
                rule(LogoutRefusal.INVALID_CLAIM, "iat as a string", t -> t.claim("iat", "yesterday")),
                rule(LogoutRefusal.ISSUED_IN_FUTURE, "iat a minute ahead", t -> t.issuedAt(NOW.plusSeconds(60))),
                rule(LogoutRefusal.STALE_TOKEN, "iat past the window",
                        t -> t.issuedAt(NOW.minus(LogoutTokenValidator.MAX_AGE).minusSeconds(1)).without("exp")),
                rule(LogoutRefusal.EXPIRED, "exp passed", t -> t.expiresAt(NOW)),
                rule(LogoutRefusal.NOT_YET_VALID, "nbf ahead", t -> t.claim("nbf", NOW.getEpochSecond() + 60)),
                rule(LogoutRefusal.NO_SUBJECT_OR_SESSION, "neither sub nor sid", t -> t.without("sub")),
                rule(LogoutRefusal.INVALID_CLAIM, "a numeric sub", t -> t.claim("sub", 42)),
                rule(LogoutRefusal.INVALID_CLAIM, "a numeric sid", t -> t.claim("sid", 42)),
                rule(LogoutRefusal.INVALID_CLAIM, "a sid with a control character", t -> t.claim("sid", "s\u0001")),
                rule(LogoutRefusal.MISSING_LOGOUT_EVENT, "no events", t -> t.without("events")),
                rule(LogoutRefusal.MISSING_LOGOUT_EVENT, "another event only",
                        t -> t.claim("events", Map.of("https://schemas.example.com/other", Map.of()))),
                rule(LogoutRefusal.MISSING_LOGOUT_EVENT, "the event's value not an object",
                        t -> t.claim("events", Map.of(TestTokens.BACKCHANNEL_LOGOUT_EVENT, "yes"))),
                rule(LogoutRefusal.MISSING_LOGOUT_EVENT, "events an array",
                        t -> t.claim("events", List.of(TestTokens.BACKCHANNEL_LOGOUT_EVENT))),
                rule(LogoutRefusal.NONCE_PRESENT, "a nonce", t -> t.claim("nonce", "n-0S6_WzA2Mj")),
                rule(LogoutRefusal.MISSING_CLAIM, "no jti", t -> t.without("jti")),
                rule(LogoutRefusal.INVALID_CLAIM, "a numeric jti", t -> t.claim("jti", 7)));
    }

    static Arguments rule(LogoutRefusal refusal, String what, UnaryOperator<TestTokens> change) {
        return Arguments.of(refusal, what, change);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("brokenRules")
    void everyBrokenRuleIsRefusedWithItsReason(LogoutRefusal expected, String what, UnaryOperator<TestTokens> change) {
        assertThat(refusalOf(change.apply(logout()).sign(IDP_KEY))).as(what).isEqualTo(expected);
    }

    @Test
    void signaturesVerifyOnlyWithTheAddressedProfilesOwnKeys() {
        assertThat(refusalOf(logout().sign(ATTACKER))).isEqualTo(LogoutRefusal.BAD_SIGNATURE);
        // signed by another trusted issuer's key: keys never cross profiles, whatever the token claims
        assertThat(refusalOf(logout().sign(PARTNER_KEY))).isIn(LogoutRefusal.ALGORITHM_NOT_ALLOWED,
                LogoutRefusal.UNKNOWN_KEY);
        assertThat(refusalOf(logout().header("kid", "partner-1").sign(IDP_KEY))).isEqualTo(LogoutRefusal.UNKNOWN_KEY);
        String partnerToken = TestTokens.logout(PARTNER, RP, "alice", NOW).sign(PARTNER_KEY);
        assertThat(accepted(VALIDATOR.validate("partner", partnerToken, NOW)).issuerId()).isEqualTo("partner");
        assertThat(refusalOf(partnerToken)).isIn(LogoutRefusal.ALGORITHM_NOT_ALLOWED, LogoutRefusal.UNKNOWN_KEY);
    }

    @Test
    void theHeaderRulesOfEveryTokenApply() {
        assertThat(refusalOf(logout().unsigned("none"))).isEqualTo(LogoutRefusal.UNSIGNED_TOKEN);
        assertThat(refusalOf(logout().unsigned("nOnE"))).isEqualTo(LogoutRefusal.UNSIGNED_TOKEN);
        assertThat(refusalOf(logout().signHmac(IDP_KEY.toPublicJWK().toJSONString().getBytes(), "idp-1")))
                .isEqualTo(LogoutRefusal.ALGORITHM_NOT_ALLOWED);
        assertThat(refusalOf(logout().sign(IDP_KEY, JWSAlgorithm.PS256)))
                .as("PS256 is outside the staff profile's allowlist").isEqualTo(LogoutRefusal.ALGORITHM_NOT_ALLOWED);
        assertThat(refusalOf(logout().header("crit", List.of("exp")).sign(IDP_KEY)))
                .isEqualTo(LogoutRefusal.UNSUPPORTED_CRITICAL_HEADER);
        assertThat(refusalOf("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"))
                .isEqualTo(LogoutRefusal.ENCRYPTED_TOKEN);
        assertThat(refusalOf("not a token")).isEqualTo(LogoutRefusal.MALFORMED_TOKEN);
        assertThat(refusalOf("")).isEqualTo(LogoutRefusal.MISSING_TOKEN);
        assertThat(refusalOf("a".repeat(9000))).isEqualTo(LogoutRefusal.TOKEN_TOO_LARGE);
    }

    @Test
    void anAccessTokenIsNeverALogoutToken() {
        String access = TestTokens.valid(IDP, RP, NOW).sign(IDP_KEY);
        assertThat(refusalOf(access)).isEqualTo(LogoutRefusal.TYPE_NOT_ALLOWED);
        String untyped = TestTokens.valid(IDP, RP, NOW).header("typ", null).sign(IDP_KEY);
        assertThat(refusalOf(untyped)).isEqualTo(LogoutRefusal.MISSING_LOGOUT_EVENT);
    }

    @Test
    void aProfileMayAcceptTheTypOfOlderIssuersAndItsOwnClockSkew() {
        String typedJwt = TestTokens.logout(PARTNER, RP, "alice", NOW.plusSeconds(20)).header("typ", "JWT")
                .sign(PARTNER_KEY);
        assertThat(accepted(VALIDATOR.validate("partner", typedJwt, NOW)).subject()).contains("alice");
        String atJwt = TestTokens.logout(PARTNER, RP, "alice", NOW).header("typ", "at+jwt").sign(PARTNER_KEY);
        assertThat(VALIDATOR.validate("partner", atJwt, NOW)).isEqualTo(new LogoutValidation.Rejected(
                LogoutRefusal.TYPE_NOT_ALLOWED, "typ is not one of [jwt, logout+jwt]"));
    }

    @Test
    void onlyProfilesThatNameTheReceiverTakeLogoutTokens() {
        assertThat(VALIDATOR.isEnabledFor("staff")).isTrue();
        assertThat(VALIDATOR.isEnabledFor("partner")).isTrue();
        assertThat(VALIDATOR.isEnabledFor("plain")).isFalse();
        assertThat(VALIDATOR.isEnabledFor("nobody")).isFalse();
    }

    @Test
    void logoutTokensShareTheProfilesKeySetFetchAndCache() {
        RSAKey key = TestKeys.rsa("remote-1");
        try (JwksServer jwks = JwksServer.start(TestKeys.publicSet(key))) {
            JwtValidator access = JwtValidator.create(JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS",
                    "[{\"id\":\"remote\",\"issuer\":\"" + IDP + "\",\"jwksUrl\":\"" + jwks.url() + "\","
                            + "\"audiences\":[\"api\"],\"backchannelLogout\":{\"audiences\":[\"" + RP + "\"]}}]")));
            LogoutTokenValidator logouts = LogoutTokenValidator.sharingKeysWith(access);

            assertThat(access.validate(TestTokens.valid(IDP, "api", NOW).sign(key), NOW))
                    .isInstanceOf(ValidationResult.Valid.class);
            accepted(logouts.validate("remote", logout().sign(key), NOW));

            assertThat(jwks.requestCount()).as("one key set fetch serves both kinds of token").isEqualTo(1);
        }
    }

    @Test
    void theProfileFieldIsValidatedAtInit() {
        assertThat(TrustedIssuersTest.parse(TrustedIssuersTest.one("\"backchannelLogout\":{\"audiences\":[\"rp\"]}"))
                .profiles().get(0).backchannelLogout())
                .contains(new BackchannelLogout(java.util.Set.of("rp"), java.util.Set.of("logout+jwt"), true));
        for (String broken : List.of("\"backchannelLogout\":{}", "\"backchannelLogout\":{\"audiences\":[]}",
                "\"backchannelLogout\":true", "\"backchannelLogout\":{\"audiences\":[\"rp\"],\"extra\":1}",
                "\"backchannelLogout\":{\"audiences\":[\"rp\"],\"types\":[\"at+jwt\"]}",
                "\"backchannelLogout\":{\"audiences\":[\"\"]}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> TrustedIssuersTest.parse(TrustedIssuersTest.one(broken)))
                    .as(broken).hasMessageContaining("TRUSTED_ISSUERS").hasMessageContaining("backchannelLogout");
        }
    }
}
