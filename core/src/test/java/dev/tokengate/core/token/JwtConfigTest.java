package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tokengate.core.config.ConfigException;
import dev.tokengate.testkit.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtConfigTest {
    static final String JWKS = TestKeys.publicJson(TestKeys.rsa("k1"));

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("JWT_ISSUER", "https://issuer.example.com/");
        env.put("JWT_AUDIENCE", "api");
        env.put("JWKS", JWKS);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    /** The one profile the single-issuer variables make. */
    static IssuerProfile only(Map<String, String> env) {
        JwtConfig config = JwtConfig.fromEnvironment(env);
        assertThat(config.profiles()).hasSize(1);
        return config.profiles().get(0);
    }

    @Test
    void appliesSafeDefaults() {
        JwtConfig config = JwtConfig.fromEnvironment(env());
        IssuerProfile profile = config.profiles().get(0);
        assertThat(profile.id()).isEqualTo("default");
        assertThat(profile.issuer()).isEqualTo("https://issuer.example.com/");
        assertThat(profile.algorithms()).containsExactlyInAnyOrder(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        assertThat(profile.types()).containsExactly("jwt", "at+jwt");
        assertThat(profile.allowMissingType()).isFalse();
        assertThat(profile.clockSkew()).isEqualTo(Duration.ZERO);
        assertThat(profile.maxTokenLifetime()).isEqualTo(Duration.ofDays(1));
        assertThat(profile.maxRefreshTokenLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(profile.audiences()).containsExactly("api");
        assertThat(profile.clientIds()).isEmpty();
        assertThat(profile.tokenUse()).isEmpty();
        assertThat(profile.crossIssuerAdmin()).isFalse();
        assertThat(config.maxTokenBytes()).isEqualTo(8192);
        assertThat(config.maxTokenLifetime()).isEqualTo(Duration.ofDays(1));
        assertThat(config.jwks()).isEqualTo(JwtConfig.JwksSettings.DEFAULTS);
    }

    @Test
    void readsCommaSeparatedAudiences() {
        assertThat(only(env("JWT_AUDIENCE", " a, b ,,c")).audiences()).containsExactly("a", "b", "c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "hs384", "RS256,HS512"})
    void refusesSymmetricAlgorithmsAtInit(String algorithms) {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWT_ALGORITHMS", algorithms)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("JWT_ALGORITHMS").hasMessageContaining("symmetric");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "NONE", "RS256,None"})
    void refusesNoneAtInit(String algorithms) {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWT_ALGORITHMS", algorithms)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'none' is refused");
    }

    @Test
    void refusesUnknownAlgorithm() {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWT_ALGORITHMS", "EdDSA")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("EdDSA");
    }

    @Test
    void requiresIssuerAndAudience() {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWT_ISSUER", null)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWT_ISSUER");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWT_AUDIENCE", " , ")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWT_AUDIENCE");
    }

    @Test
    void requiresExactlyOneKeySource() {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWKS", null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWKS_URL", "https://issuer.example.com/jwks")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one");
        assertThat(only(env("JWKS", null, "JWKS_URL", "https://issuer.example.com/jwks")).keys())
                .isEqualTo(new KeySource.Remote(URI.create("https://issuer.example.com/jwks")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://issuer.example.com/jwks", "ftp://issuer.example.com/jwks", "file:///etc/jwks"})
    void refusesInsecureJwksUrl(String url) {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWKS", null, "JWKS_URL", url)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWKS_URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/jwks", "http://localhost:1/jwks"})
    void acceptsPlainHttpOnlyForLoopback(String url) {
        assertThat(only(env("JWKS", null, "JWKS_URL", url)).keys()).isInstanceOf(KeySource.Remote.class);
    }

    @Test
    void refusesInlineJwksWithPrivateKeys() {
        String privateSet = new JWKSet(TestKeys.rsa("k1")).toString(false);
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWKS", privateSet)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("private key");
    }

    @Test
    void refusesGarbageOrEmptyInlineJwks() {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWKS", "{not json")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWKS");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWKS", "{\"keys\":[]}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no keys");
    }

    @Test
    void acceptsNoneAsMissingTypeMarker() {
        IssuerProfile profile = only(env("JWT_TYPES", "none"));
        assertThat(profile.allowMissingType()).isTrue();
        assertThat(profile.types()).isEmpty();
    }

    @Test
    void boundsClockSkewAndTokenSize() {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("CLOCK_SKEW_SECONDS", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("CLOCK_SKEW_SECONDS");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("CLOCK_SKEW_SECONDS", "3600")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("CLOCK_SKEW_SECONDS");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWT_MAX_TOKEN_BYTES", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWT_MAX_TOKEN_BYTES");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("MAX_TOKEN_LIFETIME_SECONDS", "30")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("MAX_TOKEN_LIFETIME_SECONDS");
    }

    @Test
    void refusesRefreshIntervalNotShorterThanCacheTtl() {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWKS_CACHE_SECONDS", "10",
                "JWKS_REFRESH_MIN_INTERVAL_SECONDS", "10")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWKS_REFRESH_MIN_INTERVAL_SECONDS");
    }

    @Test
    void alwaysRequiresTheCoreClaimsWhateverIsConfigured() {
        IssuerProfile profile = only(env("JWT_REQUIRED_CLAIMS", "sub,client_id"));
        assertThat(profile.requiredClaims()).containsExactly("client_id");
        assertThat(JwtConfig.ALWAYS_REQUIRED_CLAIMS).containsExactly("sub", "jti", "exp", "iat", "iss");
    }

    @Test
    void isSafeToLog() {
        assertThat(JwtConfig.fromEnvironment(env()).toString()).doesNotContain("\"d\"").doesNotContain("\"p\"");
    }

    @Test
    void refreshTokenLifetimeIsItsOwnBound() {
        IssuerProfile profile = only(env("MAX_REFRESH_TOKEN_LIFETIME_SECONDS", "7776000"));
        assertThat(profile.maxRefreshTokenLifetime()).isEqualTo(Duration.ofDays(90));
        assertThat(profile.familyRetention()).isEqualTo(Duration.ofDays(91));
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("MAX_REFRESH_TOKEN_LIFETIME_SECONDS", "315360001")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("MAX_REFRESH_TOKEN_LIFETIME_SECONDS");
    }

    @Test
    void jwksSettingsRangesHoldHoweverTheRecordIsBuilt() {
        // the rule lives in the record: code that builds one directly gets the same refusal as the environment
        assertThatThrownBy(() -> new JwtConfig.JwksSettings(Duration.ofHours(1), Duration.ofSeconds(2),
                Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWKS_CONNECT_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(env("JWKS_READ_TIMEOUT_SECONDS", "11")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWKS_READ_TIMEOUT_SECONDS");
    }
}
