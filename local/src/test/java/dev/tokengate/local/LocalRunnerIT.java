package dev.tokengate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.MutableClock;
import dev.tokengate.testkit.TestKeys;
import java.io.IOException;
import java.net.URI;
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
class LocalRunnerIT extends LocalClient {
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

    @Test
    void devMetricsMoveWithTheBannersCommandsAndRefusalsChallengeLikeRfc6750() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(0), Clock.systemUTC())) {
            String alice = mint(system, "alice", "orders:read", 0);
            assertThat(call(system, "GET", "/hello", alice, null).status()).isEqualTo(200);
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(system.baseUrl() + "/hello"))
                    .header("Authorization", "Bearer not-a-token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(call(system, "POST", "/revocations", alice,
                    JSON.writeValueAsString(Map.of("token", alice, "reason", "logout"))).status()).isEqualTo(200);
            assertThat(call(system, "GET", "/hello", alice, null).status()).isEqualTo(401);
            awaitAudit(system, "REVOKED", "alice");

            JsonNode metrics = call(system, "GET", "/dev/metrics", null, null).body().path("metrics");

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as("the template's gateway response")
                    .hasValue("Bearer error=\"invalid_token\"");
            assertThat(sum(metrics, "tokengate Decisions{Function=AuthorizerFunction,Outcome=ALLOW}"))
                    .as("GET /hello and the revocation request").isEqualTo(2);
            assertThat(sum(metrics, "tokengate Decisions{Function=AuthorizerFunction,Outcome=UNAUTHORIZED,"
                    + "Reason=MALFORMED_TOKEN,IssuerId=NONE}")).isEqualTo(1);
            assertThat(sum(metrics, "tokengate Decisions{Function=AuthorizerFunction,Outcome=UNAUTHORIZED,"
                    + "Reason=TOKEN_REVOKED,IssuerId=demo}")).isEqualTo(1);
            assertThat(sum(metrics, "tokengate Revocations{Function=RevokeApiFunction,Kind=TOKEN,Result=WRITTEN}"))
                    .isEqualTo(1);
            assertThat(sum(metrics, "tokengate REVOKED{Function=AuditStreamFunction}")).isEqualTo(1);
            assertThat(metrics.path("tokengate StoreLatency{Function=AuthorizerFunction}").path("samples").asLong())
                    .as("one DynamoDB round trip per decision of a verified token").isEqualTo(3);
        }
    }

    private static double sum(JsonNode metrics, String key) {
        assertThat(metrics.has(key)).as("%s in %s", key, metrics.fieldNames()).isTrue();
        return metrics.path(key).path("sum").asDouble();
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
    void theIdentityProviderSignsOutBySessionAndByUser() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(0), Clock.systemUTC())) {
            Answer laptop = call(system, "POST", "/dev/tokens", null, JSON.writeValueAsString(Map.of("sub", "bob",
                    "sid", "bob-laptop")));
            Answer phone = call(system, "POST", "/dev/tokens", null, JSON.writeValueAsString(Map.of("sub", "bob",
                    "sid", "bob-phone")));
            String onLaptop = laptop.body().get("token").asText();
            String onPhone = phone.body().get("token").asText();
            assertThat(call(system, "GET", "/hello", onLaptop, null).status()).isEqualTo(200);

            Answer sessionLogout = call(system, "POST", "/dev/logout", null, "{\"sid\":\"bob-laptop\"}");
            assertThat(sessionLogout.status()).as(sessionLogout.body().toString()).isEqualTo(200);
            assertThat(sessionLogout.body().path("receiverStatus").asInt()).isEqualTo(200);

            assertThat(call(system, "GET", "/hello", onLaptop, null).status()).as("the ended session").isEqualTo(401);
            assertThat(call(system, "GET", "/hello", onPhone, null).status()).as("bob's other session")
                    .isEqualTo(200);

            String alice = mint(system, "alice", "orders:read", 60);
            assertThat(call(system, "GET", "/hello", alice, null).status()).isEqualTo(200);
            assertThat(call(system, "POST", "/dev/logout", null, "{\"sub\":\"alice\"}").status()).isEqualTo(200);
            assertThat(call(system, "GET", "/hello", alice, null).status()).isEqualTo(401);

            JsonNode userAudit = awaitAudit(system, "IDP_USER_REVOKED_ALL", "alice");
            assertThat(userAudit.path("actor").asText()).isEqualTo(DemoIssuer.Shape.DEMO.issuer);
            JsonNode sessionAudit = awaitAudit(system, "IDP_SESSION_REVOKED", "");
            assertThat(sessionAudit.path("sid").asText()).isEqualTo("bob-laptop");
            // the receiver has no authorizer in front: a forged logout token is refused by the receiver itself
            Answer forged = call(system, "POST", "/backchannel-logout/demo", null, null);
            assertThat(forged.status()).isEqualTo(400);
            assertThat(call(system, "POST", "/dev/logout", null, "{\"sub\":\"alice\",\"issuer\":\"cognito\"}")
                    .status()).isEqualTo(400);
        }
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
