package dev.tokengate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.MutableClock;
import dev.tokengate.testkit.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The local runner end to end, through a plain HTTP client only: the real handlers behind the API Gateway stand-in,
 * on moto_server, with the stream poller feeding the audit function.
 */
class LocalRunnerIT {
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

    Answer dpopCall(LocalSystem system, String scheme, String token, String proof) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.baseUrl() + "/hello"))
                .timeout(Duration.ofSeconds(30)).GET().header("Authorization", scheme + " " + token);
        if (proof != null) {
            request.header("DPoP", proof);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    @Test
    void aDpopBoundTokenWorksOnlyWithAFreshProofByItsKey() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(0), Clock.systemUTC())) {
            ECKey client = TestKeys.ec("local-client");
            Answer minted = call(system, "POST", "/dev/tokens", null, JSON.writeValueAsString(Map.of("sub", "carol",
                    "jwk", client.toPublicJWK().toJSONObject())));
            assertThat(minted.status()).isEqualTo(201);
            assertThat(minted.body().path("token_type").asText()).isEqualTo("DPoP");
            assertThat(minted.body().path("jkt").asText()).isEqualTo(DpopProofs.thumbprint(client));
            String bound = minted.body().path("token").asText();
            String url = system.baseUrl() + "/hello";
            String proof = DpopProofs.of(client, "GET", url, bound, Instant.now()).sign();

            Answer hello = dpopCall(system, "DPoP", bound, proof);
            assertThat(hello.status()).isEqualTo(200);
            assertThat(hello.body().path("authorizer").path("principalId").asText()).isEqualTo("carol");
            assertThat(dpopCall(system, "DPoP", bound, proof).status()).as("the same proof again").isEqualTo(401);
            assertThat(dpopCall(system, "Bearer", bound, null).status()).as("the token without its key")
                    .isEqualTo(401);
            String thiefProof = DpopProofs.of(TestKeys.ec("thief"), "GET", url, bound, Instant.now()).sign();
            assertThat(dpopCall(system, "DPoP", bound, thiefProof).status()).isEqualTo(401);
            assertThat(dpopCall(system, "DPoP", bound, DpopProofs.of(client, "GET", url, bound, Instant.now())
                    .sign()).status()).as("a fresh proof by the key").isEqualTo(200);
            // a private key is refused by the minting endpoint, as an authorization server would
            assertThat(call(system, "POST", "/dev/tokens", null, JSON.writeValueAsString(Map.of("sub", "carol",
                    "jwk", client.toJSONObject()))).status()).isEqualTo(400);
        }
    }

    @Test
    void theBannersNodeClientSignsProofsTheAuthorizerAccepts() throws Exception {
        Assumptions.assumeTrue(NodeScript.available(), "node (20 or newer) is not on PATH: the script is not run");
        try (LocalSystem system = LocalSystem.start(options(0), Clock.systemUTC())) {
            Path key = Files.createTempFile("tokengate-dpop-key", ".json");
            try {
                Files.writeString(key, NodeScript.run("keygen"));
                String jwk = NodeScript.run("jwk", key.toString());
                Answer minted = call(system, "POST", "/dev/tokens", null,
                        "{\"sub\":\"erin\",\"jwk\":" + jwk + "}");
                String bound = minted.body().path("token").asText();
                String proof = NodeScript.run("proof", key.toString(), "GET", system.baseUrl() + "/hello", bound);

                assertThat(dpopCall(system, "DPoP", bound, proof).status()).isEqualTo(200);
                assertThat(dpopCall(system, "DPoP", bound, proof).status()).isEqualTo(401);
                assertThat(dpopCall(system, "Bearer", bound, null).status()).isEqualTo(401);
            } finally {
                Files.deleteIfExists(key);
            }
        }
    }

    /** {@code local/dpop-client.mjs}, as the banner runs it. */
    static final class NodeScript {
        static final Path SCRIPT = Path.of("local", "dpop-client.mjs");

        static boolean available() {
            try {
                Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
                String version = new String(process.getInputStream().readAllBytes()).strip();
                return process.waitFor() == 0 && version.startsWith("v")
                        && Integer.parseInt(version.substring(1, version.indexOf('.'))) >= 20;
            } catch (IOException | InterruptedException | RuntimeException e) {
                return false;
            }
        }

        static String run(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            assertThat(process.waitFor()).as("node " + command).isZero();
            return out;
        }
    }

    /** Plays the event source mapping until the audit table holds an item of this kind for this sub. */
    JsonNode awaitAudit(LocalSystem system, String kind, String sub) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            system.poller().pollOnce();
            for (JsonNode item : call(system, "GET", "/dev/audit", null, null).body().get("items")) {
                if (kind.equals(item.path("kind").asText()) && sub.equals(item.path("sub").asText())) {
                    return item;
                }
            }
        }
        throw new AssertionError("no " + kind + " audit item for " + sub);
    }

    @Test
    void protectsRevokesAuditsAndFailsClosed() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(0), Clock.systemUTC())) {
            String alice = mint(system, "alice", "orders:read", 0);

            Answer hello = call(system, "GET", "/hello", alice, null);
            assertThat(hello.status()).isEqualTo(200);
            assertThat(hello.body().path("authorizer").path("principalId").asText()).isEqualTo("alice");
            assertThat(hello.body().path("authorizer").path("scope").asText()).isEqualTo("orders:read");

            assertThat(call(system, "GET", "/hello", null, null).status()).isEqualTo(401);
            assertThat(call(system, "GET", "/hello", "not-a-token", null).status()).isEqualTo(401);

            Answer revoked = call(system, "POST", "/revocations", alice,
                    JSON.writeValueAsString(Map.of("token", alice, "reason", "logout")));
            assertThat(revoked.status()).isEqualTo(200);
            assertThat(call(system, "GET", "/hello", alice, null).status()).isEqualTo(401);
            assertThat(awaitAudit(system, "REVOKED", "alice").path("reason").asText()).isEqualTo("logout");

            // Admin revoke-all for bob: bob's older tokens are refused, a token issued afterwards works.
            String admin = mint(system, "security", "tokengate:admin", 0);
            String bobOld = mint(system, "bob", "orders:read", 120);
            assertThat(call(system, "GET", "/hello", bobOld, null).status()).isEqualTo(200);
            Answer revokeAll = call(system, "POST", "/users/bob/revoke-all", admin,
                    JSON.writeValueAsString(Map.of("reason", "compromised")));
            assertThat(revokeAll.status()).isEqualTo(200);
            assertThat(call(system, "GET", "/hello", bobOld, null).status()).isEqualTo(401);
            assertThat(newTokenWorksAfterRevokeAll(system, "bob")).isTrue();
            awaitAudit(system, "USER_REVOKED_ALL", "bob");

            // IDOR: a non-admin caller cannot revoke another user's tokens, on any route.
            String mallory = mint(system, "mallory", "orders:read", 0);
            assertThat(call(system, "POST", "/users/bob/revoke-all", mallory, "{}").status()).isEqualTo(403);
            assertThat(call(system, "POST", "/revocations", mallory,
                    JSON.writeValueAsString(Map.of("jti", "x", "sub", "bob"))).status()).isEqualTo(403);
            assertThat(call(system, "POST", "/revocations/families", mallory,
                    JSON.writeValueAsString(Map.of("sub", "bob", "originJti", "f"))).status()).isEqualTo(403);
            assertThat(call(system, "GET", "/revocations/x?sub=bob", mallory, null).status()).isEqualTo(403);

            // The engine goes away: the authorizer fails closed with an error, never an Allow.
            String fresh = mint(system, "dave", "orders:read", 0);
            system.moto().stop();
            for (int i = 0; i < 3; i++) {
                assertThat(call(system, "GET", "/hello", fresh, null).status()).isEqualTo(500);
            }
        }
    }

    /**
     * REVOKED_BEFORE has one-second resolution: a token issued in the same second as the revoke-all is revoked
     * too (fail safe). A token minted in a later second works.
     */
    private boolean newTokenWorksAfterRevokeAll(LocalSystem system, String sub) throws Exception {
        Instant deadline = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(deadline)) {
            String fresh = mint(system, sub, "orders:read", 0);
            if (call(system, "GET", "/hello", fresh, null).status() == 200) {
                return true;
            }
            Thread.sleep(200); // waits for the next second of iat, not for a timing condition
        }
        return false;
    }

    @Test
    void twoIssuersTwoAlicesAndARevokeAllThatStaysInItsIssuer() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(0), Clock.systemUTC())) {
            String demoAlice = mint(system, "demo", "alice", "orders:read", 120);
            String cognitoAlice = mint(system, "cognito", "alice", "orders/read", 120);
            Answer cognito = call(system, "GET", "/hello", cognitoAlice, null);
            assertThat(cognito.status()).isEqualTo(200);
            assertThat(cognito.body().path("authorizer").path("issuerId").asText()).isEqualTo("cognito");
            assertThat(call(system, "GET", "/hello", demoAlice, null).status()).isEqualTo(200);

            String admin = mint(system, "demo", "security", "tokengate:admin", 0);
            Answer revokeAll = call(system, "POST", "/users/alice/revoke-all", admin,
                    JSON.writeValueAsString(Map.of("reason", "offboarded")));
            assertThat(revokeAll.status()).isEqualTo(200);
            assertThat(revokeAll.body().path("issuerId").asText()).isEqualTo("demo");

            assertThat(call(system, "GET", "/hello", demoAlice, null).status()).isEqualTo(401);
            assertThat(call(system, "GET", "/hello", cognitoAlice, null).status()).isEqualTo(200);
            // the demo admin has no say over the Cognito pool's users
            assertThat(call(system, "POST", "/users/alice/revoke-all?issuerId=cognito", admin, "{}").status())
                    .isEqualTo(403);
            JsonNode audit = awaitAudit(system, "USER_REVOKED_ALL", "alice");
            assertThat(audit.path("issuerId").asText()).isEqualTo("demo");
        }
    }

    @Test
    void authorizerResultTtlBoundsTheRevocationLatency() throws Exception {
        MutableClock gatewayClock = new MutableClock(Instant.now());
        try (LocalSystem system = LocalSystem.start(options(60), gatewayClock)) {
            String carol = mint(system, "carol", "orders:read", 0);
            assertThat(call(system, "GET", "/hello", carol, null).status()).isEqualTo(200);

            assertThat(call(system, "POST", "/revocations", carol,
                    JSON.writeValueAsString(Map.of("token", carol, "reason", "logout"))).status()).isEqualTo(200);

            // The cached Allow still answers for up to the TTL: the documented revocation latency.
            assertThat(call(system, "GET", "/hello", carol, null).status()).isEqualTo(200);
            gatewayClock.advance(Duration.ofSeconds(59));
            assertThat(call(system, "GET", "/hello", carol, null).status()).isEqualTo(200);
            gatewayClock.advance(Duration.ofSeconds(1));
            assertThat(call(system, "GET", "/hello", carol, null).status()).isEqualTo(401);
        }
    }
}
