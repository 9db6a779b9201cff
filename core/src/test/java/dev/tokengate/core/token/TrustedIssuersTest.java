package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tokengate.core.config.ConfigException;
import dev.tokengate.testkit.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code TRUSTED_ISSUERS} contract: a JSON array of profiles; every broken field named at init. */
class TrustedIssuersTest {
    static final String JWKS = TestKeys.publicJson(TestKeys.rsa("k1"));
    static final String COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";

    static JwtConfig parse(String json) {
        return JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS", json));
    }

    static String one(String fields) {
        return "[{\"id\":\"workforce\",\"issuer\":\"https://login.example.com/\",\"jwks\":" + JWKS + ","
                + "\"audiences\":[\"api\"]" + (fields.isEmpty() ? "" : "," + fields) + "}]";
    }

    @Test
    void readsEveryField() {
        IssuerProfile profile = parse("[{\"id\":\"workforce\",\"issuer\":\"https://login.example.com/\","
                + "\"jwksUrl\":\"https://login.example.com/keys\",\"audiences\":[\"api\",\"api2\"],"
                + "\"clientIds\":[\"c1\"],\"tokenUse\":\"access\",\"types\":[\"at+jwt\",\"none\"],"
                + "\"algorithms\":[\"PS256\"],\"scopeClaim\":\"scp\",\"clockSkewSeconds\":30,"
                + "\"maxTokenLifetimeSeconds\":3600,\"maxRefreshTokenLifetimeSeconds\":864000,"
                + "\"requiredClaims\":[\"tenant\"],\"crossIssuerAdmin\":true}]").profiles().get(0);

        assertThat(profile.id()).isEqualTo("workforce");
        assertThat(profile.keys()).isEqualTo(new KeySource.Remote(URI.create("https://login.example.com/keys")));
        assertThat(profile.audiences()).containsExactly("api", "api2");
        assertThat(profile.clientIds()).containsExactly("c1");
        assertThat(profile.tokenUse()).contains("access");
        assertThat(profile.types()).containsExactly("at+jwt");
        assertThat(profile.allowMissingType()).isTrue();
        assertThat(profile.algorithms()).containsExactly(JWSAlgorithm.PS256);
        assertThat(profile.scopeClaim()).contains("scp");
        assertThat(profile.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(profile.maxTokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(profile.maxRefreshTokenLifetime()).isEqualTo(Duration.ofDays(10));
        assertThat(profile.requiredClaims()).containsExactly("tenant");
        assertThat(profile.crossIssuerAdmin()).isTrue();
    }

    @Test
    void readsTheDpopFields() {
        IssuerProfile profile = parse(one("\"dpop\":\"required\",\"dpopProofWindowSeconds\":30,"
                + "\"dpopClockSkewSeconds\":0")).profiles().get(0);

        assertThat(profile.dpop()).isEqualTo(new DpopSettings(DpopSettings.Mode.REQUIRED, Duration.ofSeconds(30),
                Duration.ZERO));
        assertThat(profile.dpop().required()).isTrue();
    }

    @Test
    void dpopIsAllowedWithAOneMinuteWindowByDefault() {
        assertThat(parse(one("")).profiles().get(0).dpop()).isEqualTo(DpopSettings.DEFAULTS);
        assertThat(DpopSettings.DEFAULTS.mode()).isEqualTo(DpopSettings.Mode.ALLOWED);
        assertThat(DpopSettings.DEFAULTS.proofWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(DpopSettings.DEFAULTS.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        // the single-issuer variables are the profile 'default', with the same defaults
        assertThat(JwtConfig.fromEnvironment(Map.of("JWT_ISSUER", "https://login.example.com/", "JWT_AUDIENCE",
                "api", "JWKS", JWKS)).profiles().get(0).dpop()).isEqualTo(DpopSettings.DEFAULTS);
    }

    @Test
    void theCognitoAccessPresetFillsWhatCognitoTokensNeed() {
        IssuerProfile profile = parse("[{\"id\":\"cognito\",\"issuer\":\"" + COGNITO + "\","
                + "\"preset\":\"cognito-access\",\"clientIds\":[\"app\"]}]").profiles().get(0);

        assertThat(profile.keys()).isEqualTo(new KeySource.Remote(URI.create(COGNITO + "/.well-known/jwks.json")));
        assertThat(profile.tokenUse()).contains("access");
        assertThat(profile.audiences()).isEmpty();
        assertThat(profile.clientIds()).containsExactly("app");
        assertThat(profile.allowMissingType()).isTrue();
        assertThat(profile.types()).isEmpty();
        assertThat(profile.scopeClaim()).contains("scope");
        assertThat(profile.algorithms()).containsExactly(JWSAlgorithm.RS256);
    }

    @Test
    void theCognitoIdPresetChecksTheAppClientInAud() {
        IssuerProfile profile = parse("[{\"id\":\"cognito-id\",\"issuer\":\"" + COGNITO + "\","
                + "\"preset\":\"cognito-id\",\"clientIds\":[\"app\"]}]").profiles().get(0);

        assertThat(profile.tokenUse()).contains("id");
        assertThat(profile.audiences()).containsExactly("app");
        assertThat(profile.clientIds()).isEmpty();
    }

    @Test
    void aPresetIsADefaultAProfileMayOverride() {
        IssuerProfile profile = parse("[{\"id\":\"cognito\",\"issuer\":\"" + COGNITO + "\","
                + "\"preset\":\"cognito-access\",\"clientIds\":[\"app\"],\"algorithms\":[\"RS256\",\"ES256\"],"
                + "\"jwks\":" + JWKS + "}]").profiles().get(0);

        assertThat(profile.algorithms()).containsExactlyInAnyOrder(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        assertThat(profile.keys()).isInstanceOf(KeySource.Inline.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown field | \"audience\":[\"x\"] | profile 'workforce': audience: is not a profile field",
            "HS256 | \"algorithms\":[\"HS256\"] | profile 'workforce': algorithms: HS256 is refused",
            "none | \"algorithms\":[\"none\"] | profile 'workforce': algorithms: 'none' is refused",
            "two key sources | \"jwksUrl\":\"https://login.example.com/keys\" | profile 'workforce': jwksUrl: set exactly one key source",
            "discovery false | \"discovery\":false | profile 'workforce': discovery: must be true",
            "audiences not an array | \"audiences\":\"api\" | profile 'workforce': audiences: must be an array of strings",
            "empty client id | \"clientIds\":[\"\"] | profile 'workforce': clientIds: must be an array of non-empty strings",
            "skew too large | \"clockSkewSeconds\":301 | profile 'workforce': clockSkewSeconds: must be between 0 and 300",
            "skew not a number | \"clockSkewSeconds\":\"30\" | profile 'workforce': clockSkewSeconds: must be a whole number",
            "lifetime too short | \"maxTokenLifetimeSeconds\":59 | profile 'workforce': maxTokenLifetimeSeconds: must be between 60",
            "refresh lifetime too long | \"maxRefreshTokenLifetimeSeconds\":315360001 | profile 'workforce': maxRefreshTokenLifetimeSeconds: must be between 60",
            "cross admin not boolean | \"crossIssuerAdmin\":\"yes\" | profile 'workforce': crossIssuerAdmin: must be true or false",
            "dpop neither mode | \"dpop\":\"optional\" | profile 'workforce': dpop: must be allowed or required",
            "dpop not a string | \"dpop\":true | profile 'workforce': dpop: must be a string",
            "proof window zero | \"dpopProofWindowSeconds\":0 | profile 'workforce': dpopProofWindowSeconds: must be between 1 and 300",
            "proof window too long | \"dpopProofWindowSeconds\":301 | profile 'workforce': dpopProofWindowSeconds: must be between 1 and 300",
            "proof skew too large | \"dpopClockSkewSeconds\":61 | profile 'workforce': dpopClockSkewSeconds: must be between 0 and 60",
            "proof skew fractional | \"dpopClockSkewSeconds\":1.5 | profile 'workforce': dpopClockSkewSeconds: must be a whole number",
            "unknown preset | \"preset\":\"okta\" | profile 'workforce': preset: must be one of cognito-access, cognito-id",
            "cognito preset on another issuer | \"preset\":\"cognito-access\",\"clientIds\":[\"c\"] | profile 'workforce': issuer: the cognito-access preset needs a Cognito user pool issuer",
            "bad scope claim | \"scopeClaim\":\"a b\" | profile 'workforce': scopeClaim: 'a b' is not a claim name"})
    void refusesEachBrokenFieldNamingTheProfileAndTheField(String name, String fields, String message) {
        assertThatThrownBy(() -> parse(one(fields))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TRUSTED_ISSUERS: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "id with upper case | {\"id\":\"Workforce\",\"issuer\":\"https://a.example/\",\"jwksUrl\":\"https://a.example/k\",\"audiences\":[\"x\"]} | profile 'Workforce': id: must match",
            "id too long | {\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"issuer\":\"https://a.example/\",\"jwksUrl\":\"https://a.example/k\",\"audiences\":[\"x\"]} | profile 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa': id: must match",
            "no id | {\"issuer\":\"https://a.example/\",\"jwksUrl\":\"https://a.example/k\",\"audiences\":[\"x\"]} | profile #0: id: is required",
            "http issuer | {\"id\":\"a\",\"issuer\":\"http://a.example/\",\"jwksUrl\":\"https://a.example/k\",\"audiences\":[\"x\"]} | profile 'a': issuer: must be an https URL",
            "http jwks url | {\"id\":\"a\",\"issuer\":\"https://a.example/\",\"jwksUrl\":\"http://a.example/k\",\"audiences\":[\"x\"]} | profile 'a': jwksUrl: must be an https URL",
            "no key source | {\"id\":\"a\",\"issuer\":\"https://a.example/\",\"audiences\":[\"x\"]} | profile 'a': jwksUrl: set exactly one key source",
            "no audience or client | {\"id\":\"a\",\"issuer\":\"https://a.example/\",\"jwksUrl\":\"https://a.example/k\"} | profile 'a': audiences: name at least one audience",
            "cognito without clients | {\"id\":\"a\",\"issuer\":\"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x1\",\"preset\":\"cognito-id\"} | profile 'a': clientIds: the cognito-id preset needs the app client ids"})
    void refusesBrokenProfiles(String name, String profile, String message) {
        assertThatThrownBy(() -> parse("[" + profile + "]")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TRUSTED_ISSUERS: " + message);
    }

    @Test
    void privateKeyMaterialInAProfilesJwksIsRefused() {
        String privateSet = new JWKSet(TestKeys.rsa("k1")).toString(false);
        assertThatThrownBy(() -> parse("[{\"id\":\"a\",\"issuer\":\"https://a.example/\",\"jwks\":" + privateSet
                + ",\"audiences\":[\"x\"]}]")).hasMessageContaining("profile 'a': jwks: contains private key material");
    }

    @Test
    void idsAndIssuersAreUnique() {
        String a = "{\"id\":\"a\",\"issuer\":\"https://a.example/\",\"jwksUrl\":\"https://a.example/k\",\"audiences\":[\"x\"]}";
        String sameId = "{\"id\":\"a\",\"issuer\":\"https://b.example/\",\"jwksUrl\":\"https://b.example/k\",\"audiences\":[\"x\"]}";
        String sameIssuer = "{\"id\":\"b\",\"issuer\":\"https://a.example/\",\"jwksUrl\":\"https://a.example/k\",\"audiences\":[\"x\"]}";
        assertThatThrownBy(() -> parse("[" + a + "," + sameId + "]")).hasMessageContaining("id 'a' is used twice");
        assertThatThrownBy(() -> parse("[" + a + "," + sameIssuer + "]"))
                .hasMessageContaining("profile 'b': issuer https://a.example/ is trusted twice");
    }

    @Test
    void theArrayItselfMustBeOneToTenProfiles() {
        assertThatThrownBy(() -> parse("{}")).hasMessage("TRUSTED_ISSUERS: is not a JSON array of issuer profiles");
        assertThatThrownBy(() -> parse("[]")).hasMessage("TRUSTED_ISSUERS: must name 1 to 10 issuer profiles");
        assertThatThrownBy(() -> parse("[1]")).hasMessage("TRUSTED_ISSUERS: profile #0 is not a JSON object");
        StringBuilder eleven = new StringBuilder("[");
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(i).append("\",\"issuer\":\"https://")
                    .append(i).append(".example/\",\"jwksUrl\":\"https://k.example/\",\"audiences\":[\"x\"]}");
        }
        assertThatThrownBy(() -> parse(eleven + "]")).hasMessage("TRUSTED_ISSUERS: must name 1 to 10 issuer profiles");
    }

    @Test
    void settingBothFormsIsAnInitErrorNamingBoth() {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS", one(""),
                "JWT_ISSUER", "https://login.example.com/", "JWT_ALGORITHMS", "RS256")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("TRUSTED_ISSUERS: and JWT_ISSUER, JWT_ALGORITHMS are both set: use TRUSTED_ISSUERS "
                        + "alone, or the single-issuer variables alone");
        // blank counts as unset (SAM CLI declares a template's conditional variables as empty strings)
        assertThat(JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS", one(""), "JWT_ISSUER", " ")).profiles())
                .hasSize(1);
    }

    @Test
    void loopbackIssuersAreAcceptedForLocalRuns() {
        assertThat(parse("[{\"id\":\"demo\",\"issuer\":\"http://127.0.0.1:3000/demo\",\"jwksUrl\":"
                + "\"http://127.0.0.1:3000/jwks\",\"audiences\":[\"x\"]}]").profiles()).hasSize(1);
    }
}
