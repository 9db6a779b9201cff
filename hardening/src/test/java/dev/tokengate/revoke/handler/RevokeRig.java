package dev.tokengate.revoke.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.log.LogSink;
import dev.tokengate.hardening.Events;
import dev.tokengate.revoke.config.RevokeConfig;
import dev.tokengate.testkit.LambdaInvocationContext;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The revocation API as the hardening tests drive it: the package-private constructor, the production client
 * shape (core's factory with {@link RevokeApiHandler#DYNAMODB_BUDGET}), proxy events from {@code events/revoke-fn/}.
 */
final class RevokeRig {
    static final String ISSUER = "https://issuer.example.com/";
    static final String AUDIENCE = "orders-api";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ECKey KEY = TestKeys.ec("revoke-hardening-1");

    private RevokeRig() {
    }

    static RevokeConfig config(String table) {
        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_TABLE", table);
        env.put("AWS_REGION", "us-east-1");
        env.put("JWT_ISSUER", ISSUER);
        env.put("JWT_AUDIENCE", AUDIENCE);
        env.put("JWKS", TestKeys.publicJson(KEY));
        env.put("JWT_ALGORITHMS", "ES256");
        env.put("CLOCK_SKEW_SECONDS", "30");
        return RevokeConfig.fromEnvironment(env);
    }

    /** The production client shape pointed at {@code endpoint}, with optional interceptors (request counting). */
    static DynamoDbClient client(URI endpoint, ExecutionInterceptor... interceptors) {
        DynamoDbClientBuilder builder = DynamoDbClients.builder(Region.US_EAST_1, RevokeApiHandler.DYNAMODB_BUDGET)
                .endpointOverride(endpoint).credentialsProvider(MotoServer.credentials());
        var override = builder.overrideConfiguration().toBuilder();
        for (ExecutionInterceptor interceptor : interceptors) {
            override.addExecutionInterceptor(interceptor);
        }
        return builder.overrideConfiguration(override.build()).build();
    }

    static RevokeApiHandler handler(String table, DynamoDbClient client, LogSink log) {
        return new RevokeApiHandler(config(table), client, null, CLOCK, log);
    }

    static ObjectNode event(String name) {
        try {
            return (ObjectNode) Events.JSON.readTree(Events.text("revoke-fn", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the caller exactly as our authorizer would (principalId, context sub, issuerId and scope). */
    static ObjectNode asCaller(ObjectNode event, String sub, String scope) {
        ObjectNode authorizer = ((ObjectNode) event.get("requestContext")).putObject("authorizer");
        authorizer.put("principalId", sub);
        authorizer.put("sub", sub);
        authorizer.put("issuerId", "default");
        authorizer.put("jti", "caller-token");
        authorizer.put("scope", scope);
        authorizer.put("client_id", "hardening");
        authorizer.put("iss", ISSUER);
        return event;
    }

    /** One invocation, as the Lambda runtime streams it; the answer is the proxy response. */
    static Reply invoke(RevokeApiHandler handler, JsonNode event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Events.JSON.writeValueAsBytes(event)), out,
                    new LambdaInvocationContext("RevokeApiFunction", 30_000));
            return new Reply(Events.JSON.readTree(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Reply(JsonNode raw) {
        int status() {
            return raw.get("statusCode").asInt();
        }

        String body() {
            JsonNode body = raw.get("body");
            return body == null || body.isNull() ? "" : body.asText();
        }

        JsonNode json() {
            try {
                return Events.JSON.readTree(body());
            } catch (IOException e) {
                throw new AssertionError("response body is not JSON: " + body(), e);
            }
        }
    }

    /** A thread-safe capturing log sink. */
    static final class Log implements LogSink {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void write(String line) {
            lines.add(line);
        }
    }
}
