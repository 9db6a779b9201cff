package dev.tokengate.revoke.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.testkit.LambdaInvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads the sample events in {@code events/revoke-fn/}, lets a test adjust them, and runs them through the handler. */
final class ProxyEvents {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIRECTORY = locate();

    private ProxyEvents() {
    }

    private static Path locate() {
        for (Path candidate : new Path[] {Path.of("..", "events", "revoke-fn"), Path.of("events", "revoke-fn")}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("events/revoke-fn not found from " + Path.of("").toAbsolutePath());
    }

    static ObjectNode load(String name) {
        try {
            return (ObjectNode) JSON.readTree(DIRECTORY.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode withBody(ObjectNode event, String body) {
        event.put("body", body);
        return event;
    }

    static ObjectNode withBody(ObjectNode event, Map<String, Object> body) {
        return withBody(event, write(body));
    }

    static ObjectNode withHeader(ObjectNode event, String name, String value) {
        ((ObjectNode) event.get("headers")).put(name, value);
        ((ObjectNode) event.get("multiValueHeaders")).putArray(name).add(value);
        return event;
    }

    static ObjectNode withoutHeader(ObjectNode event, String name) {
        ((ObjectNode) event.get("headers")).remove(name);
        ((ObjectNode) event.get("multiValueHeaders")).remove(name);
        return event;
    }

    /** Sets the caller as our authorizer would: principalId and context sub, issuerId, scope. */
    static ObjectNode asCaller(ObjectNode event, String sub, String scope) {
        return asCaller(event, "default", sub, scope);
    }

    /** The same, for a caller whose token another issuer profile verified. */
    static ObjectNode asCaller(ObjectNode event, String issuerId, String sub, String scope) {
        ObjectNode authorizer = ((ObjectNode) event.get("requestContext")).putObject("authorizer");
        authorizer.put("principalId", sub);
        authorizer.put("sub", sub);
        authorizer.put("issuerId", issuerId);
        authorizer.put("jti", "caller-token");
        authorizer.put("scope", scope);
        authorizer.put("client_id", "test-client");
        authorizer.put("iss", "https://issuer.example.com/");
        authorizer.put("integrationLatency", 3);
        return event;
    }

    /**
     * The owner revoking by id the token it calls with ({@code revoke-own-token.json} with this body, and the
     * authorizer context's {@code jti} set to the body's): the one token a caller without the admin scope may name.
     */
    static ObjectNode ownTokenById(Map<String, Object> body) {
        ObjectNode event = withBody(load("revoke-own-token.json"), body);
        if (body.get("jti") instanceof String jti) {
            callingWith(event, jti);
        }
        return event;
    }

    /** Sets the {@code jti} of the token the call is made with, as the authorizer context carries it. */
    static ObjectNode callingWith(ObjectNode event, String jti) {
        ((ObjectNode) event.get("requestContext").get("authorizer")).put("jti", jti);
        return event;
    }

    /** Replaces the query string ({@code null} value: no query string at all). */
    static ObjectNode withQuery(ObjectNode event, Map<String, String> query) {
        ObjectNode single = event.putObject("queryStringParameters");
        ObjectNode multi = event.putObject("multiValueQueryStringParameters");
        query.forEach((name, value) -> {
            single.put(name, value);
            multi.putArray(name).add(value);
        });
        return event;
    }

    static ObjectNode route(ObjectNode event, String method, String path) {
        event.put("httpMethod", method);
        event.put("path", path);
        ((ObjectNode) event.get("requestContext")).put("httpMethod", method);
        return event;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply invoke(RevokeApiHandler handler, JsonNode event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
                    new LambdaInvocationContext("RevokeApiFunction", 10_000));
            JsonNode response = JSON.readTree(out.toByteArray());
            return new Reply(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A proxy response: status, headers and the body parsed as JSON (it must be JSON). */
    record Reply(JsonNode raw) {
        int status() {
            return raw.get("statusCode").asInt();
        }

        String rawBody() {
            JsonNode body = raw.get("body");
            return body == null || body.isNull() ? "" : body.asText();
        }

        JsonNode body() {
            try {
                return JSON.readTree(rawBody());
            } catch (IOException e) {
                throw new AssertionError("response body is not JSON: " + rawBody(), e);
            }
        }

        String header(String name) {
            JsonNode multi = raw.get("multiValueHeaders");
            if (multi != null) {
                for (var entry : multi.properties()) {
                    if (entry.getKey().equalsIgnoreCase(name)) {
                        return entry.getValue().get(0).asText();
                    }
                }
            }
            return null;
        }

        String text(String field) {
            JsonNode node = body().get(field);
            return node == null ? null : node.asText();
        }
    }
}
