package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.core.log.LogSink;
import dev.tokengate.hardening.Events;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The authorizer as the hardening tests drive it: the package-private constructors (config from an environment
 * map, a DynamoDB client or an in-memory revocation check, a fixed clock, a capturing log), the three event shapes
 * built from {@code events/authorizer/}, and one classification of every answer into the documented outcomes.
 */
final class AuthorizerRig {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ISSUER = "https://issuer.example.com/hardening";
    static final String AUDIENCE = "hardening-api";
    static final ECKey KEY = TestKeys.ec("hardening-ec-1");

    private AuthorizerRig() {
    }

    static Map<String, String> environment(String table, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("TOKEN_TABLE", table);
        env.put("JWT_ISSUER", ISSUER);
        env.put("JWT_AUDIENCE", AUDIENCE);
        env.put("JWKS", TestKeys.publicJson(KEY));
        env.put("JWT_ALGORITHMS", "ES256,RS256");
        env.putAll(overrides);
        env.values().removeIf(v -> v == null);
        return env;
    }

    static AuthorizerHandler handler(Map<String, String> env, RevocationCheck revocation, Clock clock, LogSink log) {
        return new AuthorizerHandler(AuthorizerConfig.fromEnvironment(env), revocation, clock, log);
    }

    static AuthorizerHandler handler(Map<String, String> env, DynamoDbClient client, Clock clock, LogSink log) {
        return new AuthorizerHandler(AuthorizerConfig.fromEnvironment(env), client, clock, log);
    }

    /** A token that passes every check: issued a minute before {@link #NOW}, valid for an hour. */
    static TestTokens token(String sub, String jti) {
        return TestTokens.valid(ISSUER, AUDIENCE, NOW.minusSeconds(60)).subject(sub).tokenId(jti);
    }

    /** The protocol an event is answered in; HTTP API 2.0 twice, once per {@code HTTP_API_RESPONSE}. */
    enum Shape {
        REST_TOKEN("rest-token.json"), REST_REQUEST("rest-request.json"), HTTP_SIMPLE("http-api-v2.json"),
        HTTP_IAM("http-api-v2.json");

        final String fixture;

        Shape(String fixture) {
            this.fixture = fixture;
        }

        /** The sample event with its Authorization value replaced by {@code authorization} (null: removed). */
        @SuppressWarnings("unchecked")
        Map<String, Object> event(String authorization) {
            Map<String, Object> event = Events.map("authorizer", fixture);
            switch (this) {
                case REST_TOKEN -> event.put("authorizationToken", authorization);
                case REST_REQUEST -> {
                    ((Map<String, Object>) event.get("headers")).put("Authorization", authorization);
                    ((Map<String, Object>) event.get("multiValueHeaders")).put("Authorization",
                            authorization == null ? null : new ArrayList<>(List.of(authorization)));
                }
                default -> {
                    ((Map<String, Object>) event.get("headers")).put("authorization", authorization);
                    event.put("identitySource", authorization == null ? null : new ArrayList<>(List.of(authorization)));
                }
            }
            return event;
        }

        AuthorizerHandler pick(Handlers handlers) {
            return this == HTTP_IAM ? handlers.iam() : handlers.simple();
        }
    }

    /** The same function configured with HTTP_API_RESPONSE=simple and =iam. */
    record Handlers(AuthorizerHandler simple, AuthorizerHandler iam) {
    }

    /** The documented outcomes; anything else fails the test. */
    enum Outcome { ALLOW, DENY, UNAUTHORIZED, UNAVAILABLE }

    /** Runs one event and classifies the answer. An exception other than the two documented errors is a failure. */
    @SuppressWarnings("unchecked")
    static Outcome outcome(AuthorizerHandler handler, Map<String, Object> event) {
        Map<String, Object> answer;
        try {
            answer = handler.handleRequest(event, null);
        } catch (RuntimeException e) {
            assertThat(e).as("only the stackless protocol errors \"Unauthorized\" and \"AuthorizerUnavailable\" may escape")
                    .isExactlyInstanceOf(ProtocolError.class);
            assertThat(e.getMessage()).isIn("Unauthorized", "AuthorizerUnavailable");
            return e.getMessage().equals("Unauthorized") ? Outcome.UNAUTHORIZED : Outcome.UNAVAILABLE;
        }
        assertThat(answer).isNotNull();
        if (answer.containsKey("isAuthorized")) {
            return Boolean.TRUE.equals(answer.get("isAuthorized")) ? Outcome.ALLOW : Outcome.DENY;
        }
        Map<String, Object> policy = (Map<String, Object>) answer.get("policyDocument");
        assertThat(policy).as("an answer is a simple response or a policy: " + answer).isNotNull();
        for (Map<String, Object> statement : (List<Map<String, Object>>) policy.get("Statement")) {
            if ("Allow".equals(statement.get("Effect"))) {
                return Outcome.ALLOW;
            }
        }
        return Outcome.DENY;
    }

    /** A thread-safe capturing log sink. */
    static final class Log implements LogSink {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void write(String line) {
            lines.add(line);
        }

        String last() {
            return lines.get(lines.size() - 1);
        }

        void clear() {
            lines.clear();
        }
    }
}
