package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several trusted issuers at once: the unverified {@code iss} only selects a profile, the signature must verify with
 * that profile's keys (never another's, even when {@code kid}s collide), and every claim rule is the profile's.
 * Includes Amazon Cognito access and ID tokens through the presets.
 */
class IssuerProfilesTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String WORKFORCE = "https://login.workforce.example.com/";
    static final String COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";
    static final String COGNITO_ID_POOL = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_IdTokens9";

    // Both issuers sign with a key whose kid is "k1": keys must never cross profiles.
    static final RSAKey WORKFORCE_KEY = TestKeys.rsa("k1");
    static final RSAKey COGNITO_KEY = TestKeys.rsa("k1");
    static final ECKey COGNITO_ID_KEY = TestKeys.ec("id-1");

    static final JwtValidator VALIDATOR = JwtValidator.create(JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS",
            "[" + profile("workforce", WORKFORCE, WORKFORCE_KEY, "\"audiences\":[\"orders-api\"]") + ","
                    + "{\"id\":\"cognito\",\"issuer\":\"" + COGNITO + "\",\"preset\":\"cognito-access\","
                    + "\"clientIds\":[\"app-client-1\"],\"jwks\":" + TestKeys.publicJson(COGNITO_KEY) + "},"
                    + "{\"id\":\"cognito-id\",\"issuer\":\"" + COGNITO_ID_POOL + "\",\"preset\":\"cognito-id\","
                    + "\"clientIds\":[\"spa-client\"],\"algorithms\":[\"ES256\"],\"jwks\":"
                    + TestKeys.publicJson(COGNITO_ID_KEY) + "}]")));

    static String profile(String id, String issuer, RSAKey key, String extra) {
        return "{\"id\":\"" + id + "\",\"issuer\":\"" + issuer + "\",\"jwks\":" + TestKeys.publicJson(key) + ","
                + extra + "}";
    }

    static TestTokens workforceToken() {
        return TestTokens.valid(WORKFORCE, "orders-api", NOW.minusSeconds(60));
    }

    /** What Cognito issues as an access token: no typ, no aud, client_id, token_use, scope. */
    static TestTokens cognitoAccessToken() {
        return TestTokens.valid(COGNITO, "unused", NOW.minusSeconds(60)).header("typ", null).without("aud")
                .claim("client_id", "app-client-1").claim("token_use", "access")
                .claim("origin_jti", "refresh-family-1").scope("orders/read orders/write");
    }

    /** What Cognito issues as an ID token: no typ, aud = the app client, token_use id. */
    static TestTokens cognitoIdToken() {
        return TestTokens.valid(COGNITO_ID_POOL, "spa-client", NOW.minusSeconds(60)).header("typ", null)
                .claim("token_use", "id");
    }

    static ValidationResult validate(String jwt) {
        return VALIDATOR.validate(jwt, NOW);
    }

    static DenyReason reason(String jwt) {
        ValidationResult result = validate(jwt);
        assertThat(result).isInstanceOf(ValidationResult.Rejected.class);
        return ((ValidationResult.Rejected) result).reason();
    }

    static ValidatedToken valid(String jwt) {
        ValidationResult result = validate(jwt);
        assertThat(result).as("%s", result).isInstanceOf(ValidationResult.Valid.class);
        return ((ValidationResult.Valid) result).token();
    }

    @Test
    void eachIssuersTokenIsAcceptedByItsOwnProfile() {
        assertThat(valid(workforceToken().subject("alice").sign(WORKFORCE_KEY)).issuerId()).isEqualTo("workforce");
        ValidatedToken cognito = valid(cognitoAccessToken().subject("alice").sign(COGNITO_KEY));
        assertThat(cognito.issuerId()).isEqualTo("cognito");
        assertThat(cognito.principal().issuerId()).isEqualTo("cognito");
        assertThat(cognito.scopes()).containsExactlyInAnyOrder("orders/read", "orders/write");
        assertThat(cognito.clientId()).contains("app-client-1");
        assertThat(cognito.originTokenId()).contains("refresh-family-1");
        assertThat(valid(cognitoIdToken().sign(COGNITO_ID_KEY)).issuerId()).isEqualTo("cognito-id");
    }

    @Test
    void aTokenClaimingOneIssuerSignedByAnothersKeyIsRefusedEvenWithACollidingKid() {
        // Both sets hold a key named k1; the Cognito token signed with the workforce k1 must not verify.
        assertThat(reason(cognitoAccessToken().sign(WORKFORCE_KEY))).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reason(workforceToken().sign(COGNITO_KEY))).isEqualTo(DenyReason.BAD_SIGNATURE);
        // a kid that only the other issuer has is unknown here
        assertThat(reason(cognitoIdToken().sign(TestKeys.ec("k1")))).isIn(DenyReason.UNKNOWN_KEY,
                DenyReason.BAD_SIGNATURE);
        assertThat(reason(workforceToken().sign(TestKeys.rsa("id-1")))).isEqualTo(DenyReason.UNKNOWN_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://login.workforce.example.com", "https://login.workforce.example.com//",
            "https://LOGIN.workforce.example.com/", "HTTPS://login.workforce.example.com/", "https://evil.example.com/",
            " https://login.workforce.example.com/"})
    void anIssuerThatIsNotExactlyAProfilesIsUnknown(String iss) {
        assertThat(reason(workforceToken().claim("iss", iss).sign(WORKFORCE_KEY))).isEqualTo(DenyReason.UNKNOWN_ISSUER);
    }

    @Test
    void aTokenWithoutIssIsMissingAClaim() {
        assertThat(reason(workforceToken().without("iss").sign(WORKFORCE_KEY))).isEqualTo(DenyReason.MISSING_CLAIM);
    }

    @Test
    void aCognitoAccessTokenMustSayAccessAndNameAListedClient() {
        assertThat(reason(cognitoAccessToken().claim("token_use", "id").sign(COGNITO_KEY)))
                .isEqualTo(DenyReason.TOKEN_USE_MISMATCH);
        assertThat(reason(cognitoAccessToken().without("token_use").sign(COGNITO_KEY)))
                .isEqualTo(DenyReason.TOKEN_USE_MISMATCH);
        assertThat(reason(cognitoAccessToken().claim("client_id", "other-client").sign(COGNITO_KEY)))
                .isEqualTo(DenyReason.CLIENT_MISMATCH);
        assertThat(reason(cognitoAccessToken().without("client_id").sign(COGNITO_KEY)))
                .isEqualTo(DenyReason.CLIENT_MISMATCH);
    }

    @Test
    void anIdTokenWhereAnAccessTokenIsRequiredIsRefused() {
        // An ID token of the same pool and app client: aud instead of client_id, token_use id.
        String idToken = TestTokens.valid(COGNITO, "app-client-1", NOW.minusSeconds(60)).header("typ", null)
                .claim("token_use", "id").sign(COGNITO_KEY);
        assertThat(reason(idToken)).isIn(DenyReason.AUDIENCE_MISMATCH, DenyReason.CLIENT_MISMATCH,
                DenyReason.TOKEN_USE_MISMATCH);
        assertThat(reason(cognitoAccessToken().claim("token_use", "id").claim("aud", "app-client-1")
                .sign(COGNITO_KEY))).isEqualTo(DenyReason.AUDIENCE_MISMATCH);
    }

    @Test
    void anAccessTokenProfileRefusesATokenThatCarriesAud() {
        // aud names whom the token is for; an access-token profile with client ids only accepts none
        assertThat(reason(cognitoAccessToken().claim("aud", "orders-api").sign(COGNITO_KEY)))
                .isEqualTo(DenyReason.AUDIENCE_MISMATCH);
    }

    @Test
    void cognitoTokensHaveNoTypAndATypedOneIsRefused() {
        assertThat(reason(cognitoAccessToken().header("typ", "at+jwt").sign(COGNITO_KEY)))
                .isEqualTo(DenyReason.TYPE_NOT_ALLOWED);
        // and the workforce profile keeps requiring its typ
        assertThat(reason(workforceToken().header("typ", null).sign(WORKFORCE_KEY)))
                .isEqualTo(DenyReason.TYPE_NOT_ALLOWED);
    }

    @Test
    void aCognitoIdTokenProfileWantsTheAppClientInAudAndTokenUseId() {
        assertThat(reason(cognitoIdToken().claim("aud", "other-spa").sign(COGNITO_ID_KEY)))
                .isEqualTo(DenyReason.AUDIENCE_MISMATCH);
        assertThat(reason(cognitoIdToken().claim("token_use", "access").sign(COGNITO_ID_KEY)))
                .isEqualTo(DenyReason.TOKEN_USE_MISMATCH);
        // its algorithm allowlist is its own: RS256 is not on it
        assertThat(reason(cognitoIdToken().sign(TestKeys.rsa("id-1")))).isEqualTo(DenyReason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void everyClaimRuleComesFromTheSelectedProfile() {
        // the workforce audience means nothing to the Cognito profile, and the reverse
        assertThat(reason(workforceToken().claim("aud", "app-client-1").sign(WORKFORCE_KEY)))
                .isEqualTo(DenyReason.AUDIENCE_MISMATCH);
        assertThat(valid(workforceToken().claim("client_id", "anything").sign(WORKFORCE_KEY)).clientId())
                .contains("anything");
    }

    @Test
    void theClaimChecksOfEveryProfileCoverTheMandatoryClaims() {
        for (IssuerProfile profile : JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS", "["
                + "{\"id\":\"a\",\"issuer\":\"" + COGNITO + "\",\"preset\":\"cognito-access\",\"clientIds\":[\"c\"]},"
                + "{\"id\":\"b\",\"issuer\":\"" + COGNITO_ID_POOL + "\",\"preset\":\"cognito-id\",\"clientIds\":[\"c\"]},"
                + profile("c", WORKFORCE, WORKFORCE_KEY, "\"audiences\":[\"x\"]") + "]")).profiles()) {
            List<ClaimCheck> checks = ClaimChecks.forProfile(profile);
            assertThat(checks.stream().flatMap(c -> c.covers().stream()))
                    .as(profile.id()).contains("sub", "jti", "exp", "iat", "iss").containsAnyOf("aud", "client_id");
        }
    }
}
