package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.core.token.DenyReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real handler driven by the {@code events/} files through the Lambda runtime's own serializer. */
class AuthorizerHandlerEventsTest {
    private static final RevocationCheck NOT_REVOKED = (t, n) -> RevocationStatus.notRevoked("checked");
    private static final Map<String, Object> DEMO_CONTEXT = Map.of(
            "sub", "demo-user", "issuerId", "default", "jti", "demo-token-0001", "scope", "orders:read",
            "originJti", "", "client_id", "demo-client",
            "iss", "https://issuer.example.com/tokengate-demo");

    private final Fixtures.Captured log = new Fixtures.Captured();

    private Map<String, Object> invoke(String file, Map<String, String> env, RevocationCheck revocation) {
        AuthorizerHandler handler = Fixtures.handler(env, revocation, log);
        return LambdaRuntime.asApiGatewaySeesIt(handler.handleRequest(LambdaRuntime.eventFile(file), null));
    }

    @Test
    void theFixtureTokenValidatesWithTheDemoJwksOfTheEnvFile() throws Exception {
        JWKSet jwks = JWKSet.parse(LambdaRuntime.localEnvironment().get("JWKS"));
        assertThat(jwks.getKeys()).extracting(JWK::getKeyID).containsExactly("tokengate-demo-key-2");
        assertThat(jwks.getKeys()).noneMatch(JWK::isPrivate);
        invoke("rest-token.json", Map.of(), NOT_REVOKED);
        assertThat(log.last()).contains("\"outcome\":\"ALLOW\"", "\"sub\":\"demo-user\"", "\"jti\":\"demo-token-0001\"");
    }

    @Test
    void restTokenFixtureGetsTheDocumentedAllowPolicyForTheWholeStage() {
        Map<String, Object> answer = invoke("rest-token.json", Map.of(), NOT_REVOKED);
        assertThat(answer).isEqualTo(Map.of(
                "principalId", "demo-user",
                "policyDocument", Map.of(
                        "Version", "2012-10-17",
                        "Statement", List.of(Map.of(
                                "Action", "execute-api:Invoke",
                                "Effect", "Allow",
                                "Resource", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/*/*"))),
                "context", DEMO_CONTEXT));
        assertThat(log.last()).contains("\"shape\":\"REST_TOKEN\"");
    }

    @Test
    void restRequestFixtureGetsTheSameAnswer() {
        Map<String, Object> answer = invoke("rest-request.json", Map.of(), NOT_REVOKED);
        assertThat(answer).isEqualTo(invoke("rest-token.json", Map.of(), NOT_REVOKED));
        assertThat(log.decisions().get(0)).contains("\"shape\":\"REST_REQUEST\"");
    }

    @Test
    void httpApiFixtureGetsTheDocumentedSimpleResponse() {
        Map<String, Object> answer = invoke("http-api-v2.json", Map.of(), NOT_REVOKED);
        assertThat(answer).isEqualTo(Map.of("isAuthorized", true, "context", DEMO_CONTEXT));
        assertThat(log.last()).contains("\"shape\":\"HTTP_API_V2\"");
    }

    @Test
    void httpApiFixtureGetsAnIamPolicyWhenConfigured() {
        Map<String, Object> answer = invoke("http-api-v2.json", Map.of("HTTP_API_RESPONSE", "iam"), NOT_REVOKED);
        assertThat(answer).containsEntry("principalId", "demo-user").containsEntry("context", DEMO_CONTEXT);
        assertThat(answer.get("policyDocument")).isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Action", "execute-api:Invoke", "Effect", "Allow",
                "Resource", "arn:aws:execute-api:us-east-1:123456789012:f6g7h8i9j0/$default/*/*"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest-token.json", "rest-request.json"})
    void aRevokedTokenIsA401OnRest(String file) {
        RevocationCheck revoked = (t, n) -> RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "token item is revoked");
        assertThatThrownBy(() -> invoke(file, Map.of(), revoked))
                .isExactlyInstanceOf(ProtocolError.class).hasMessage("Unauthorized");
        assertThat(log.last()).contains("\"outcome\":\"UNAUTHORIZED\"", "\"reason\":\"TOKEN_REVOKED\"",
                "\"sub\":\"demo-user\"");
    }

    @Test
    void aRevokedTokenIsRefusedOnHttpApi() {
        RevocationCheck revoked = (t, n) -> RevocationStatus.revoked(DenyReason.USER_REVOKED, "revoke-all");
        assertThat(invoke("http-api-v2.json", Map.of(), revoked)).isEqualTo(Map.of("isAuthorized", false));
        Map<String, Object> iam = invoke("http-api-v2.json", Map.of("HTTP_API_RESPONSE", "iam"), revoked);
        assertThat(iam.get("policyDocument")).isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Action", "execute-api:Invoke", "Effect", "Deny",
                "Resource", "arn:aws:execute-api:us-east-1:123456789012:f6g7h8i9j0/$default/*/*"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest-token.json", "rest-request.json", "http-api-v2.json"})
    void anUnavailableStoreIsAnUncacheableErrorInEveryProtocol(String file) {
        RevocationCheck down = (t, n) -> RevocationStatus.unavailable("ApiCallTimeoutException");
        assertThatThrownBy(() -> invoke(file, Map.of(), down)).hasMessage("AuthorizerUnavailable");
        assertThatThrownBy(() -> invoke(file, Map.of("HTTP_API_RESPONSE", "iam"), down))
                .hasMessage("AuthorizerUnavailable");
        assertThat(log.last()).contains("\"level\":\"ERROR\"", "\"outcome\":\"UNAVAILABLE\"",
                "\"reason\":\"STORE_UNAVAILABLE\"", "\"detail\":\"ApiCallTimeoutException\"");
    }

    @Test
    void aMissingScopeIsA403PolicyThatStaysRightForEveryRoute() {
        Map<String, String> env = Map.of("ROUTE_SCOPES", "GET /orders/*=orders:write;POST /orders=orders:write",
                "HTTP_API_RESPONSE", "iam");
        Map<String, Object> answer = invoke("rest-token.json", env, NOT_REVOKED);
        assertThat(answer.get("policyDocument")).isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(
                Map.of("Action", "execute-api:Invoke", "Effect", "Allow",
                        "Resource", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/*/*"),
                Map.of("Action", "execute-api:Invoke", "Effect", "Deny", "Resource", List.of(
                        "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/*",
                        "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/orders")))));
        assertThat(log.last()).contains("\"outcome\":\"FORBIDDEN\"", "\"reason\":\"INSUFFICIENT_SCOPE\"");
        // HTTP API 2.0 gets the same whole policy in iam mode (simple mode cannot be combined with route rules).
        Map<?, ?> httpPolicy = (Map<?, ?>) invoke("http-api-v2.json", env, NOT_REVOKED).get("policyDocument");
        List<Object> effects = ((List<?>) httpPolicy.get("Statement")).stream()
                .map(st -> ((Map<?, ?>) st).get("Effect")).map(Object.class::cast).toList();
        assertThat(effects).containsExactly("Allow", "Deny");
    }

    @Test
    void routeScopesWithSimpleHttpApiResponsesAreRefusedAtInit() {
        assertThatThrownBy(() -> invoke("rest-token.json", Map.of("ROUTE_SCOPES", "GET /orders/*=orders:write"),
                NOT_REVOKED)).isInstanceOf(dev.tokengate.core.config.ConfigException.class)
                .hasMessageStartingWith("HTTP_API_RESPONSE");
    }

    @Test
    void logsOneLinePerDecisionWithoutTokenMaterial() {
        String token = Fixtures.demoToken();
        String[] segments = token.split("\\.");
        invoke("rest-token.json", Map.of(), NOT_REVOKED);
        assertThatThrownBy(() -> invoke("rest-request.json", Map.of(),
                (t, n) -> RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "token item is revoked")));
        invoke("http-api-v2.json", Map.of(), NOT_REVOKED);
        assertThat(log.decisions()).hasSize(3);
        for (String line : log.decisions()) {
            assertThat(line).contains("\"outcome\":", "\"shape\":", "\"latencyMs\":", "\"sub\":\"demo-user\"",
                    "\"jti\":\"demo-token-0001\"");
            assertThat(line).doesNotContain(segments[0], segments[1], segments[2], "Bearer", "orders:read");
        }
    }
}
