package dev.tokengate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** What the local runner's tests do through plain HTTP: call a route, mint a demo token, wait for an audit item. */
abstract class LocalClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static LocalOptions options(long ttlSeconds) {
        return new LocalOptions(0, Duration.ofSeconds(ttlSeconds), Path.of("template.yaml"), Map.of());
    }

    record Answer(int status, JsonNode body) {
    }

    Answer call(LocalSystem system, String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), parsed);
    }

    String mint(LocalSystem system, String sub, String scope, long backdateSeconds) throws Exception {
        return mint(system, "demo", sub, scope, backdateSeconds);
    }

    String mint(LocalSystem system, String issuer, String sub, String scope, long backdateSeconds) throws Exception {
        String body = JSON.writeValueAsString(Map.of("sub", sub, "scope", scope, "lifetimeSeconds", 900,
                "backdateSeconds", backdateSeconds, "issuer", issuer));
        Answer minted = call(system, "POST", "/dev/tokens", null, body);
        assertThat(minted.status()).isEqualTo(201);
        return minted.body().get("token").asText();
    }

    /** Plays the event source mapping until the audit table holds an item of this kind for this sub. */
    JsonNode awaitAudit(LocalSystem system, String kind, String sub) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            system.poller().pollOnce();
            for (JsonNode item : call(system, "GET", "/dev/audit", null, null).body().get("items")) {
                if (kind.equals(item.path("kind").asText()) && sub.equals(item.path("sub").asText(""))) {
                    return item;
                }
            }
        }
        throw new AssertionError("no " + kind + " audit item for " + sub);
    }

}
