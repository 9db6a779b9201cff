package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.testkit.DiscoveryServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code "discovery": true}: the key set is the one {@code <issuer>/.well-known/openid-configuration} names, and only
 * if that document is about this very issuer and names an https (here: loopback) key set. Otherwise the profile's
 * keys are unavailable: an uncached error, never a 401. Against a real loopback issuer.
 */
class DiscoveryTest {
    private static final RSAKey KEY = TestKeys.rsa("disc-1");

    private DiscoveryServer issuer;

    @BeforeEach
    void start() {
        issuer = DiscoveryServer.start(TestKeys.publicJson(KEY));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    private JwtValidator validator() {
        return JwtValidator.create(JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS", "[{\"id\":\"disco\","
                + "\"issuer\":\"" + issuer.issuer() + "\",\"discovery\":true,\"audiences\":[\"api\"]}]")));
    }

    private String token() {
        return TestTokens.valid(issuer.issuer(), "api", Instant.now().minusSeconds(5)).sign(KEY);
    }

    private static ValidationResult.Rejected rejected(ValidationResult result) {
        assertThat(result).isInstanceOf(ValidationResult.Rejected.class);
        return (ValidationResult.Rejected) result;
    }

    @Test
    void findsTheKeySetThroughTheMetadataAndCachesBoth() {
        JwtValidator validator = validator();
        for (int i = 0; i < 5; i++) {
            assertThat(validator.validate(token(), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        }
        assertThat(issuer.metadataRequests()).isEqualTo(1);
        assertThat(issuer.jwksRequests()).isEqualTo(1);
    }

    @Test
    void metadataNamingAnotherIssuerMakesTheKeysUnavailable() {
        issuer.metadata("{\"issuer\":\"" + issuer.issuer() + "/\",\"jwks_uri\":\"" + issuer.issuer() + "/jwks\"}");

        ValidationResult.Rejected result = rejected(validator().validate(token(), Instant.now()));

        assertThat(result.reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        assertThat(result.reason().outcome()).isEqualTo(DenyReason.Outcome.UNAVAILABLE);
        assertThat(result.detail()).isEqualTo("discovery failed: the discovery document names another issuer");
        assertThat(issuer.jwksRequests()).isZero();
    }

    @Test
    void aJwksUriThatIsNotHttpsIsNotFollowed() {
        issuer.metadata("{\"issuer\":\"" + issuer.issuer() + "\",\"jwks_uri\":\"http://keys.example.com/jwks\"}");

        ValidationResult.Rejected result = rejected(validator().validate(token(), Instant.now()));

        assertThat(result.reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        assertThat(result.detail()).contains("jwks_uri is not https");
    }

    @Test
    void metadataThatIsNotJsonOrHasNoJwksUriIsUnusable() {
        issuer.metadata("<html>login</html>");
        assertThat(rejected(validator().validate(token(), Instant.now())).detail()).contains("not a JSON object");
        issuer.metadata("{\"issuer\":\"" + issuer.issuer() + "\"}");
        assertThat(rejected(validator().validate(token(), Instant.now())).detail()).contains("no jwks_uri");
    }

    @Test
    void aMetadataEndpointThatIsDownIsAnUncachedErrorAndIsNotHammered() {
        issuer.failing(true);
        JwtValidator validator = validator();
        for (int i = 0; i < 5; i++) {
            ValidationResult.Rejected result = rejected(validator.validate(token(), Instant.now()));
            assertThat(result.reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        }
        // one fetch, then the failure is remembered for the refresh interval (30 s by default)
        assertThat(issuer.metadataRequests()).isEqualTo(1);
        assertThat(validator.drainKeyFetches()).isEqualTo(new KeyFetches(0, 0, 1, 1));
    }

    @Test
    void countsTheMetadataAndTheKeySetFetches() {
        JwtValidator validator = validator();
        validator.validate(token(), Instant.now());
        validator.validate(token(), Instant.now());

        assertThat(validator.drainKeyFetches()).isEqualTo(new KeyFetches(1, 0, 1, 0));
        assertThat(issuer.metadataRequests()).isEqualTo(1);
        assertThat(issuer.jwksRequests()).isEqualTo(1);
    }

    @Test
    void aGoodAnswerKeepsServingWhileTheMetadataEndpointIsDown() {
        JwtValidator validator = validator();
        assertThat(validator.validate(token(), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
        issuer.failing(true);
        assertThat(validator.validate(token(), Instant.now())).isInstanceOf(ValidationResult.Valid.class);
    }
}
