package dev.tokengate.authorizer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.authorizer.revocation.RevocationMode;
import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.testkit.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;

class AuthorizerConfigTest {
    private static final String JWKS = TestKeys.publicJson(TestKeys.ec("k1"));

    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("TOKEN_TABLE", "tokengate-tokens");
        env.put("JWT_ISSUER", "https://issuer.example.com");
        env.put("JWT_AUDIENCE", "api");
        env.put("JWKS", JWKS);
        return env;
    }

    @Test
    void appliesTheDocumentedDefaults() {
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(minimal());
        assertThat(config.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(config.tokenTable()).isEqualTo("tokengate-tokens");
        assertThat(config.revocationMode()).isEqualTo(RevocationMode.DENYLIST);
        assertThat(config.consistentRead()).isTrue();
        assertThat(config.routeScopes().isEmpty()).isTrue();
        assertThat(config.revocationCache()).isZero();
        assertThat(config.httpApiResponse()).isEqualTo(AuthorizerConfig.HttpApiResponse.SIMPLE);
        assertThat(config.storeBudget().apiCallTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(config.storeBudget().attemptTimeout()).isEqualTo(Duration.ofMillis(400));
        assertThat(config.storeBudget().maxAttempts()).isEqualTo(2);
        assertThat(config.metricNamespace().value()).isEqualTo("tokengate");
        assertThat(config.authorizerResultTtl()).isZero();
        assertThat(config.answersMayBeCached()).isFalse();
        assertThat(config.publicBaseUrls()).isEqualTo(PublicBaseUrls.NONE);
    }

    // --- sender-constrained tokens ----------------------------------------------------------------------------------

    @Test
    void readsTheAuthorizerResultTtlAndThePublicBaseUrls() {
        Map<String, String> env = minimal();
        env.put("AUTHORIZER_RESULT_TTL_SECONDS", "300");
        env.put("PUBLIC_BASE_URLS", "a1b2c3d4e5/prod=https://api.example.com/shop/ , f6g7h8i9j0/$default=https://b.example.com");
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(env);

        assertThat(config.authorizerResultTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.answersMayBeCached()).isTrue();
        assertThat(config.publicBaseUrls().forStage("a1b2c3d4e5", "prod")).contains(URI.create(
                "https://api.example.com/shop"));
        assertThat(config.publicBaseUrls().forStage("f6g7h8i9j0", "$default")).contains(URI.create(
                "https://b.example.com"));
        assertThat(config.publicBaseUrls().forStage("a1b2c3d4e5", "dev")).isEmpty();
    }

    @Test
    void aProfileThatRequiresDpopRefusesToStartWhileAnswersMayBeCached() {
        Map<String, String> env = minimal();
        env.keySet().removeAll(java.util.List.of("JWT_ISSUER", "JWT_AUDIENCE", "JWKS"));
        env.put("TRUSTED_ISSUERS", "[{\"id\":\"strict\",\"issuer\":\"https://issuer.example.com\",\"jwks\":" + JWKS
                + ",\"audiences\":[\"api\"],\"dpop\":\"required\"}]");
        assertThat(AuthorizerConfig.fromEnvironment(env).answersMayBeCached()).isFalse();

        env.put("AUTHORIZER_RESULT_TTL_SECONDS", "1");
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AUTHORIZER_RESULT_TTL_SECONDS: must be 0 while issuer profile 'strict' "
                        + "requires DPoP");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AUTHORIZER_RESULT_TTL_SECONDS | -1 | AUTHORIZER_RESULT_TTL_SECONDS",
            "AUTHORIZER_RESULT_TTL_SECONDS | 3601 | AUTHORIZER_RESULT_TTL_SECONDS",
            "PUBLIC_BASE_URLS | a1b2c3d4e5/prod | PUBLIC_BASE_URLS: each entry is <apiId>/<stage>=<base URL>",
            "PUBLIC_BASE_URLS | a1b2c3d4e5=https://a.example | PUBLIC_BASE_URLS: 'a1b2c3d4e5' is not <apiId>/<stage>",
            "PUBLIC_BASE_URLS | a1b2c3d4e5/prod=http://a.example | PUBLIC_BASE_URLS: the base URL of a1b2c3d4e5/prod must be an https URL",
            "PUBLIC_BASE_URLS | a1b2c3d4e5/prod=https://a.example?x=1 | PUBLIC_BASE_URLS: the base URL of a1b2c3d4e5/prod must be an https URL",
            "PUBLIC_BASE_URLS | a1b2c3d4e5/prod=https://a.example,a1b2c3d4e5/prod=https://b.example | PUBLIC_BASE_URLS: a1b2c3d4e5/prod is named twice",
            "PUBLIC_BASE_URLS | a/1=https://a.example,b/1=https://a.example,c/1=https://a.example,d/1=https://a.example,e/1=https://a.example,f/1=https://a.example | PUBLIC_BASE_URLS: names more than 5"})
    void refusesBrokenSenderConstraintSettings(String variable, String value, String message) {
        Map<String, String> env = minimal();
        env.put(variable, value);
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aLoopbackBaseUrlMayBePlainHttpForLocalRuns() {
        assertThat(PublicBaseUrls.parse("localapi/local=http://127.0.0.1:3000").forStage("localapi", "local"))
                .contains(URI.create("http://127.0.0.1:3000"));
    }

    @Test
    void readsEverySetting() {
        Map<String, String> env = minimal();
        env.put("REVOCATION_MODE", "ALLOWLIST");
        env.put("CONSISTENT_READ", "false");
        env.put("ROUTE_SCOPES", "GET /orders/*=orders:read");
        env.put("REVOCATION_CACHE_SECONDS", "30");
        env.put("HTTP_API_RESPONSE", "iam");
        env.put("STORE_TIMEOUT_MILLIS", "800");
        env.put("STORE_ATTEMPT_TIMEOUT_MILLIS", "250");
        env.put("STORE_MAX_ATTEMPTS", "3");
        env.put("METRIC_NAMESPACE", "acme/tokengate");
        env.put("HOT_TOKEN_THRESHOLD_PER_SECOND", "0");
        env.put("VERIFIED_TOKEN_CACHE_ENTRIES", "0");
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(env);
        assertThat(config.revocationMode()).isEqualTo(RevocationMode.ALLOWLIST);
        assertThat(config.consistentRead()).isFalse();
        assertThat(config.routeScopes().rules()).hasSize(1);
        assertThat(config.revocationCache()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.httpApiResponse()).isEqualTo(AuthorizerConfig.HttpApiResponse.IAM);
        assertThat(config.storeBudget().apiCallTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(config.storeBudget().attemptTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.storeBudget().connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.storeBudget().maxAttempts()).isEqualTo(3);
        assertThat(config.metricNamespace().value()).isEqualTo("acme/tokengate");
        assertThat(config.hotTokenThreshold()).isZero();
        assertThat(config.verifiedTokenCache()).isZero();
    }

    @Test
    void shieldsHotTokensByDefault() {
        assertThat(AuthorizerConfig.fromEnvironment(minimal()).hotTokenThreshold()).isEqualTo(5);
    }

    @Test
    void remembersVerifiedTokensByDefault() {
        assertThat(AuthorizerConfig.fromEnvironment(minimal()).verifiedTokenCache()).isEqualTo(10_000);
    }

    @Test
    void keepsItsSettingsWhenSnapStartPrimingSwapsTheIssuers() {
        Map<String, String> env = minimal();
        env.put("HOT_TOKEN_THRESHOLD_PER_SECOND", "7");
        env.put("VERIFIED_TOKEN_CACHE_ENTRIES", "0");
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(env);

        AuthorizerConfig priming = config.withJwt(config.jwt());

        assertThat(priming).isEqualTo(config);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "AWS_REGION, ''",
            "TOKEN_TABLE, ''",
            "TOKEN_TABLE, 'no spaces allowed'",
            "JWT_ISSUER, ''",
            "JWT_AUDIENCE, ''",
            "REVOCATION_MODE, maybe",
            "CONSISTENT_READ, yes",
            "ROUTE_SCOPES, 'GET /x'",
            "REVOCATION_CACHE_SECONDS, -1",
            "REVOCATION_CACHE_SECONDS, 301",
            "HTTP_API_RESPONSE, xml",
            "STORE_TIMEOUT_MILLIS, 10",
            "STORE_ATTEMPT_TIMEOUT_MILLIS, 5000",
            "STORE_MAX_ATTEMPTS, 0",
            "STORE_MAX_ATTEMPTS, 6",
            "HOT_TOKEN_THRESHOLD_PER_SECOND, -1",
            "HOT_TOKEN_THRESHOLD_PER_SECOND, 101",
            "HOT_TOKEN_THRESHOLD_PER_SECOND, many",
            "VERIFIED_TOKEN_CACHE_ENTRIES, -1",
            "VERIFIED_TOKEN_CACHE_ENTRIES, 100001",
            "VERIFIED_TOKEN_CACHE_ENTRIES, lots",
            "JWT_ALGORITHMS, HS256",
            "METRIC_NAMESPACE, AWS/Lambda"})
    void refusesAMissingOrUnsafeSettingNamingTheVariable(String variable, String value) {
        Map<String, String> env = minimal();
        env.put(variable, value);
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ":");
    }

    @Test
    void refusesAnAttemptTimeoutLongerThanTheWholeCall() {
        Map<String, String> env = minimal();
        env.put("STORE_TIMEOUT_MILLIS", "300");
        env.put("STORE_ATTEMPT_TIMEOUT_MILLIS", "400");
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(env))
                .hasMessageStartingWith("STORE_ATTEMPT_TIMEOUT_MILLIS");
    }

    @Test
    void listsEveryVariableItReadsAndWhichAreRequired() {
        assertThat(AuthorizerConfig.VARIABLES).containsAll(JwtConfig.VARIABLES).contains("AWS_REGION", "TOKEN_TABLE",
                "REVOCATION_MODE", "CONSISTENT_READ", "ROUTE_SCOPES", "REVOCATION_CACHE_SECONDS", "HTTP_API_RESPONSE",
                "STORE_TIMEOUT_MILLIS", "STORE_ATTEMPT_TIMEOUT_MILLIS", "STORE_MAX_ATTEMPTS", "HOT_TOKEN_THRESHOLD_PER_SECOND",
                "VERIFIED_TOKEN_CACHE_ENTRIES", "METRIC_NAMESPACE");
        assertThat(AuthorizerConfig.REQUIRED)
                .containsExactlyInAnyOrder("AWS_REGION", "TOKEN_TABLE");
        assertThat(AuthorizerConfig.VARIABLES).containsAll(AuthorizerConfig.REQUIRED);
    }

    @Test
    void everyRequiredVariableIsReallyRequired() {
        for (String variable : AuthorizerConfig.REQUIRED) {
            Map<String, String> env = minimal();
            env.remove(variable);
            assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(env)).as(variable)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith(variable);
        }
    }
}
