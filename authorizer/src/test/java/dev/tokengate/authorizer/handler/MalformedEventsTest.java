package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.core.token.DenyReason;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever arrives, the handler answers only with a documented outcome: on REST the exact error
 * {@code Unauthorized}, on HTTP API {@code {"isAuthorized": false}}, and a logged reason. Never Allow, never another
 * exception, and the store is not asked for a request without an acceptable token.
 */
class MalformedEventsTest {
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    private static final String ROUTE_ARN = "arn:aws:execute-api:us-east-1:123456789012:f6g7/$default/GET/orders/42";

    private final Fixtures.Captured log = new Fixtures.Captured();
    private final AtomicInteger storeCalls = new AtomicInteger();
    private final RevocationCheck store = (t, n) -> {
        storeCalls.incrementAndGet();
        return RevocationStatus.notRevoked("checked");
    };

    private static String bearer() {
        return "Bearer " + Fixtures.demoToken();
    }

    static Stream<Arguments> restEvents() {
        String token = Fixtures.demoToken();
        Map<String, Object> manyHeaders = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            manyHeaders.put("X-Junk-" + i, "v".repeat(20));
        }
        return Stream.of(
                Arguments.of("empty object", Map.of(), DenyReason.UNKNOWN_EVENT_SHAPE),
                Arguments.of("unknown type", Map.of("type", "WEIRD", "methodArn", ARN), DenyReason.UNKNOWN_EVENT_SHAPE),
                Arguments.of("type of the wrong JSON type", Map.of("type", 7, "methodArn", ARN),
                        DenyReason.UNKNOWN_EVENT_SHAPE),
                Arguments.of("unknown version", Map.of("version", "3.0", "routeArn", ROUTE_ARN,
                        "headers", Map.of("authorization", bearer())), DenyReason.UNKNOWN_EVENT_SHAPE),
                Arguments.of("TOKEN without token", Map.of("type", "TOKEN", "methodArn", ARN), DenyReason.MISSING_TOKEN),
                Arguments.of("TOKEN with a number", Map.of("type", "TOKEN", "methodArn", ARN, "authorizationToken", 12),
                        DenyReason.MALFORMED_TOKEN),
                Arguments.of("TOKEN with an object", Map.of("type", "TOKEN", "methodArn", ARN,
                        "authorizationToken", Map.of("a", 1)), DenyReason.MALFORMED_TOKEN),
                Arguments.of("TOKEN with empty string", token("", ARN), DenyReason.MISSING_TOKEN),
                Arguments.of("Basic scheme", token("Basic dXNlcjpwYXNz", ARN), DenyReason.MALFORMED_TOKEN),
                Arguments.of("raw token without scheme", token(token, ARN), DenyReason.MALFORMED_TOKEN),
                Arguments.of("Bearer alone", token("Bearer", ARN), DenyReason.MISSING_TOKEN),
                Arguments.of("Bearer and spaces", token("Bearer    ", ARN), DenyReason.MISSING_TOKEN),
                Arguments.of("two tokens", token("Bearer " + token + " " + token, ARN), DenyReason.MALFORMED_TOKEN),
                Arguments.of("comma-joined tokens", token("Bearer " + token + ",Bearer " + token, ARN),
                        DenyReason.MALFORMED_TOKEN),
                Arguments.of("huge header", token("Bearer " + "a".repeat(100_000), ARN), DenyReason.TOKEN_TOO_LARGE),
                Arguments.of("just under the header cap", token("Bearer " + "a".repeat(8_200), ARN),
                        DenyReason.TOKEN_TOO_LARGE),
                Arguments.of("garbage token", token("Bearer not.a.jwt", ARN), DenyReason.MALFORMED_TOKEN),
                Arguments.of("tampered signature", token("Bearer " + token.substring(0, token.length() - 4) + "AAAA", ARN),
                        DenyReason.BAD_SIGNATURE),
                Arguments.of("TOKEN without methodArn", Map.of("type", "TOKEN", "authorizationToken", bearer()),
                        DenyReason.UNKNOWN_EVENT_SHAPE),
                Arguments.of("TOKEN with a non-ARN", token(bearer(), "arn:aws:s3:::bucket/key"),
                        DenyReason.UNKNOWN_EVENT_SHAPE),
                Arguments.of("TOKEN with a numeric methodArn", Map.of("type", "TOKEN", "methodArn", 5,
                        "authorizationToken", bearer()), DenyReason.UNKNOWN_EVENT_SHAPE),
                Arguments.of("REQUEST without headers", Map.of("type", "REQUEST", "methodArn", ARN),
                        DenyReason.MISSING_TOKEN),
                Arguments.of("REQUEST with headers as a string", Map.of("type", "REQUEST", "methodArn", ARN,
                        "headers", "Authorization: " + bearer()), DenyReason.MISSING_TOKEN),
                Arguments.of("REQUEST with two header names", Map.of("type", "REQUEST", "methodArn", ARN,
                        "headers", Map.of("Authorization", bearer(), "authorization", bearer())),
                        DenyReason.MALFORMED_TOKEN),
                Arguments.of("REQUEST with two header values", Map.of("type", "REQUEST", "methodArn", ARN,
                        "headers", Map.of("Authorization", bearer()),
                        "multiValueHeaders", Map.of("Authorization", List.of(bearer(), bearer()))),
                        DenyReason.MALFORMED_TOKEN),
                Arguments.of("REQUEST whose single and multi values disagree", Map.of("type", "REQUEST",
                        "methodArn", ARN, "headers", Map.of("Authorization", bearer()),
                        "multiValueHeaders", Map.of("Authorization", List.of("Bearer other"))),
                        DenyReason.MALFORMED_TOKEN),
                Arguments.of("REQUEST with a list where a string belongs", Map.of("type", "REQUEST", "methodArn", ARN,
                        "headers", Map.of("Authorization", List.of(bearer()))), DenyReason.MALFORMED_TOKEN),
                Arguments.of("REQUEST with a nested object", Map.of("type", "REQUEST", "methodArn", ARN,
                        "headers", Map.of("Authorization", Map.of("nested", true))), DenyReason.MALFORMED_TOKEN),
                Arguments.of("REQUEST with thousands of headers but no Authorization", Map.of("type", "REQUEST",
                        "methodArn", ARN, "headers", manyHeaders), DenyReason.MISSING_TOKEN),
                Arguments.of("REQUEST with a null Authorization", nullAuthorization(), DenyReason.MISSING_TOKEN));
    }

    private static Map<String, Object> token(String authorizationToken, String methodArn) {
        return Map.of("type", "TOKEN", "authorizationToken", authorizationToken, "methodArn", methodArn);
    }

    private static Map<String, Object> nullAuthorization() {
        Map<String, Object> headers = new HashMap<>();
        headers.put("Authorization", null);
        return Map.of("type", "REQUEST", "methodArn", ARN, "headers", headers);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restEvents")
    void restAndUnknownEventsAreRefusedWithTheExactUnauthorizedError(String name, Map<String, Object> event,
                                                                   DenyReason reason) {
        AuthorizerHandler handler = Fixtures.handler(Map.of(), store, log);
        Map<String, Object> roundTripped = LambdaRuntime.event(LambdaRuntime.toJson(event));
        assertThatThrownBy(() -> handler.handleRequest(roundTripped, null))
                .isExactlyInstanceOf(ProtocolError.class)
                .hasMessage("Unauthorized");
        assertThat(log.decisions()).singleElement().asString()
                .contains("\"reason\":\"" + reason.name() + "\"", "\"outcome\":\"UNAUTHORIZED\"");
        assertThat(storeCalls).hasValue(0);
    }

    static Stream<Arguments> httpApiEvents() {
        String token = Fixtures.demoToken();
        return Stream.of(
                Arguments.of("no headers", Map.of("version", "2.0", "type", "REQUEST", "routeArn", ROUTE_ARN),
                        DenyReason.MISSING_TOKEN),
                Arguments.of("headers null", http(null), DenyReason.MISSING_TOKEN),
                Arguments.of("repeated header joined by API Gateway", http(Map.of("authorization",
                        "Bearer " + token + ",Bearer " + token)), DenyReason.MALFORMED_TOKEN),
                Arguments.of("neither Bearer nor DPoP", http(Map.of("authorization", "Basic " + token)),
                        DenyReason.MALFORMED_TOKEN),
                Arguments.of("DPoP scheme with a token that is not DPoP-bound", http(Map.of("authorization",
                        "DPoP " + token)), DenyReason.DPOP_KEY_MISMATCH),
                Arguments.of("huge header", http(Map.of("authorization", "Bearer " + "x".repeat(70_000))),
                        DenyReason.TOKEN_TOO_LARGE),
                Arguments.of("no routeArn", Map.of("version", "2.0", "type", "REQUEST",
                        "headers", Map.of("authorization", "Bearer " + token)), DenyReason.UNKNOWN_EVENT_SHAPE),
                Arguments.of("routeArn of another service", Map.of("version", "2.0", "type", "REQUEST",
                        "routeArn", "arn:aws:lambda:us-east-1:1:function:f",
                        "headers", Map.of("authorization", "Bearer " + token)), DenyReason.UNKNOWN_EVENT_SHAPE),
                Arguments.of("2.0 with another type", Map.of("version", "2.0", "type", "TOKEN", "routeArn", ROUTE_ARN,
                        "headers", Map.of("authorization", "Bearer " + token)), null));
    }

    private static Map<String, Object> http(Map<String, Object> headers) {
        Map<String, Object> event = new HashMap<>();
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", ROUTE_ARN);
        event.put("headers", headers);
        return event;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpApiEvents")
    void httpApiEventsAreRefusedWithIsAuthorizedFalse(String name, Map<String, Object> event, DenyReason reason) {
        AuthorizerHandler handler = Fixtures.handler(Map.of(), store, log);
        Map<String, Object> roundTripped = LambdaRuntime.event(LambdaRuntime.toJson(event));
        if (reason == null) {
            // not an HTTP API event after all: refused as an unknown shape
            assertThatThrownBy(() -> handler.handleRequest(roundTripped, null)).hasMessage("Unauthorized");
            assertThat(log.last()).contains("\"reason\":\"UNKNOWN_EVENT_SHAPE\"");
            return;
        }
        assertThat(LambdaRuntime.asApiGatewaySeesIt(handler.handleRequest(roundTripped, null)))
                .isEqualTo(Map.of("isAuthorized", false));
        assertThat(log.decisions()).singleElement().asString().contains("\"reason\":\"" + reason.name() + "\"");
        assertThat(storeCalls).hasValue(0);
    }

    @Test
    void aNullEventIsRefused() {
        AuthorizerHandler handler = Fixtures.handler(Map.of(), store, log);
        assertThatThrownBy(() -> handler.handleRequest(null, null)).hasMessage("Unauthorized");
        assertThat(log.last()).contains("\"reason\":\"UNKNOWN_EVENT_SHAPE\"", "\"shape\":\"UNKNOWN\"");
    }

    @Test
    void headerNameAndSchemeAreCaseInsensitive() {
        AuthorizerHandler handler = Fixtures.handler(Map.of(), store, log);
        Map<String, Object> event = LambdaRuntime.eventFile("rest-request.json");
        event.remove("multiValueHeaders");
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) event.get("headers");
        Object value = headers.remove("Authorization");
        headers.put("AUTHORIZATION", ((String) value).replace("Bearer ", "bEaReR  "));
        assertThat(handler.handleRequest(event, null)).containsEntry("principalId", "demo-user");
        assertThat(storeCalls).hasValue(1);
    }

    @Test
    void httpApiPayload1IsAnsweredLikeRestRequest() {
        AuthorizerHandler handler = Fixtures.handler(Map.of(), store, log);
        Map<String, Object> event = LambdaRuntime.eventFile("rest-request.json");
        event.put("version", "1.0");
        assertThat(handler.handleRequest(event, null)).containsKeys("principalId", "policyDocument", "context");
    }
}
