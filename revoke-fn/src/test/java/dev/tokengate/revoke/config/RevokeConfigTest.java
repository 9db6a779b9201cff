package dev.tokengate.revoke.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.metrics.MetricNamespace;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.revoke.cache.FlushTarget;
import dev.tokengate.revoke.testing.Fixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;

class RevokeConfigTest {
    private final Fixture fixture = new Fixture();

    @Test
    void appliesDocumentedDefaults() {
        RevokeConfig config = fixture.config("tokens");

        assertThat(config.tokenTable()).isEqualTo("tokens");
        assertThat(config.region()).isEqualTo(Region.US_EAST_1);
        assertThat(config.dynamoDbEndpoint()).isEmpty();
        assertThat(config.adminScope()).isEqualTo("tokengate:admin");
        assertThat(config.jwt().maxTokenLifetime()).isEqualTo(Duration.ofSeconds(86_400));
        assertThat(config.cacheFlushTargets()).isEmpty();
        assertThat(config.flushesAuthorizerCache()).isFalse();
        assertThat(config.jwt().profiles().get(0).clockSkew()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsOverrides() {
        RevokeConfig config = fixture.config("tokens", Map.of(
                "ADMIN_SCOPE", "security/revoke",
                "MAX_TOKEN_LIFETIME_SECONDS", "2592000",
                "AUTHORIZER_CACHE_FLUSH_TARGETS", "rest:abc123/prod,http:def456/$default"));

        assertThat(config.adminScope()).isEqualTo("security/revoke");
        assertThat(config.jwt().maxTokenLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(config.cacheFlushTargets()).containsExactly(
                new FlushTarget(FlushTarget.Kind.REST, "abc123", "prod"),
                new FlushTarget(FlushTarget.Kind.HTTP, "def456", "$default"));
    }

    @Test
    void takesTheMaximumTokenLifetimeFromTheSameJwtConfigTheAuthorizerUses() {
        Map<String, String> env = fixture.environment("tokens");
        env.put("MAX_TOKEN_LIFETIME_SECONDS", "3600");
        JwtConfig jwt = JwtConfig.fromEnvironment(env);
        RevokeConfig config = new RevokeConfig("tokens", Region.US_EAST_1, jwt, "tokengate:admin", List.of(),
                Optional.empty(), new MetricNamespace("tokengate"));

        assertThat(config.jwt().maxTokenLifetime()).isEqualTo(Duration.ofHours(1)).isEqualTo(jwt.maxTokenLifetime());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TOKEN_TABLE", "AWS_REGION", "JWT_ISSUER", "JWT_AUDIENCE"})
    void failsNamingEachMissingRequiredVariable(String variable) {
        Map<String, String> env = fixture.environment("tokens");
        env.remove(variable);

        assertThatThrownBy(() -> RevokeConfig.fromEnvironment(env))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(variable);
    }

    @Test
    void failsWithoutAnyKeySource() {
        Map<String, String> env = fixture.environment("tokens");
        env.remove("JWKS");

        assertThatThrownBy(() -> RevokeConfig.fromEnvironment(env)).hasMessageStartingWith("JWKS_URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ADMIN_SCOPE=two scopes", "ADMIN_SCOPE=quote\"d", "MAX_TOKEN_LIFETIME_SECONDS=59",
            "MAX_TOKEN_LIFETIME_SECONDS=abc", "TOKEN_TABLE=a", "TOKEN_TABLE=bad/name", "AWS_REGION=Mars",
            "AUTHORIZER_CACHE_FLUSH_TARGETS=abc123/prod"})
    void refusesUnsafeOrMalformedValuesNamingTheVariable(String assignment) {
        String[] kv = assignment.split("=", 2);

        assertThatThrownBy(() -> fixture.config("tokens", Map.of(kv[0], kv[1])))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(kv[0]);
    }

    @Test
    void readsTheMetricNamespaceWithItsDefault() {
        assertThat(fixture.config("tokens").metricNamespace().value()).isEqualTo("tokengate");
        assertThat(fixture.config("tokens", Map.of("METRIC_NAMESPACE", "acme/tg")).metricNamespace().value())
                .isEqualTo("acme/tg");
        assertThatThrownBy(() -> fixture.config("tokens", Map.of("METRIC_NAMESPACE", "AWS/x")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("METRIC_NAMESPACE");
    }

    @Test
    void declaresEveryVariableItReads() {
        assertThat(RevokeConfig.VARIABLES).containsAll(JwtConfig.VARIABLES)
                .contains("TOKEN_TABLE", "AWS_REGION", "ADMIN_SCOPE", "MAX_TOKEN_LIFETIME_SECONDS",
                        "AUTHORIZER_CACHE_FLUSH_TARGETS", "METRIC_NAMESPACE");
        assertThat(RevokeConfig.VARIABLES).containsAll(RevokeConfig.REQUIRED);
        assertThat(RevokeConfig.REQUIRED).containsAll(RevokeConfig.RUNTIME_PROVIDED);
    }

    @Test
    void isSafeToLog() {
        assertThat(fixture.config("tokens").toString()).doesNotContain("\"d\":").doesNotContain("\"p\":");
    }
}
