package dev.tokengate.authorizer.handler;

import static dev.tokengate.authorizer.handler.DpopEvents.HTTP_URL;
import static dev.tokengate.authorizer.handler.DpopEvents.REST_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import dev.tokengate.authorizer.binding.ProofUse;
import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.replay.ReplayGuard;
import dev.tokengate.authorizer.replay.ReplayStatus;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.TestCertificates;
import dev.tokengate.testkit.TestKeys;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sender-constrained tokens through the whole handler, for each event shape as API Gateway sends it (round-tripped
 * through the Lambda runtime's serializer): DPoP on REST REQUEST and HTTP API 2.0, the REST TOKEN shape that cannot
 * carry a proof, mutual TLS from each shape's own certificate field, the public base URL for custom domains, and the
 * log line. The revocation state and replay store are in memory here; {@code DpopReplayIT} runs them on moto.
 */
class SenderConstrainedTokensTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final ECKey CLIENT = TestKeys.ec("client");
    static X509Certificate certificate;

    private final Fixtures.Captured log = new Fixtures.Captured();
    private final List<ProofUse> recorded = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    /** Remembers proofs as the DynamoDB store does: one use per issuer, key and jti. */
    private final ReplayGuard replay = (use, now) -> {
        recorded.add(use);
        boolean first = seen.add(use.issuerId() + " " + use.keyThumbprint() + " " + use.proofId());
        return () -> first ? ReplayStatus.firstUse() : ReplayStatus.replayed();
    };

    @BeforeAll
    static void certificate() {
        certificate = TestCertificates.selfSigned("client.example");
    }

    private AuthorizerHandler handler(Map<String, String> overrides) {
        return new AuthorizerHandler(AuthorizerConfig.fromEnvironment(DpopEvents.environment(overrides)),
                (token, now) -> RevocationStatus.notRevoked("in memory"), replay, Clock.fixed(NOW, ZoneOffset.UTC),
                log);
    }

    private static Map<String, Object> asDelivered(Map<String, Object> event) {
        return LambdaRuntime.event(LambdaRuntime.toJson(event));
    }

    private static Map<String, Object> answer(AuthorizerHandler handler, Map<String, Object> event) {
        return LambdaRuntime.asApiGatewaySeesIt(handler.handleRequest(asDelivered(event), null));
    }

    private String lastReason() {
        String line = log.last();
        int start = line.indexOf("\"reason\":\"") + 10;
        return start < 10 ? null : line.substring(start, line.indexOf('"', start));
    }

    // --- DPoP on both shapes -----------------------------------------------------------------------------------------

    @Test
    void aRestRequestWithTheDpopSchemeAndAValidProofIsAllowed() {
        String token = DpopEvents.token(CLIENT, NOW);
        Map<String, Object> answer = answer(handler(Map.of()),
                DpopEvents.rest("DPoP " + token, DpopEvents.proof(CLIENT, REST_URL, token, NOW), null));

        assertThat(answer).containsEntry("principalId", "alice");
        assertThat(log.last()).contains("\"outcome\":\"ALLOW\"", "\"binding\":\"dpop\"");
        assertThat(recorded).singleElement().extracting(ProofUse::keyThumbprint)
                .isEqualTo(DpopProofs.thumbprint(CLIENT));
    }

    @Test
    void anHttpApiRequestWithTheDpopSchemeAndAValidProofIsAllowed() {
        String token = DpopEvents.token(CLIENT, NOW);
        assertThat(answer(handler(Map.of()), DpopEvents.httpApi("DPoP " + token,
                DpopEvents.proof(CLIENT, HTTP_URL, token, NOW), null))).containsEntry("isAuthorized", true);
    }

    @Test
    void aReplayedProofIsRefusedOnEveryShape() {
        AuthorizerHandler handler = handler(Map.of());
        String token = DpopEvents.token(CLIENT, NOW);
        String proof = DpopEvents.proof(CLIENT, HTTP_URL, token, NOW);

        assertThat(answer(handler, DpopEvents.httpApi("DPoP " + token, proof, null)))
                .containsEntry("isAuthorized", true);
        assertThat(answer(handler, DpopEvents.httpApi("DPoP " + token, proof, null)))
                .isEqualTo(Map.of("isAuthorized", false));
        assertThat(lastReason()).isEqualTo("DPOP_PROOF_REPLAYED");
    }

    @Test
    void aStolenDpopBoundTokenIsUselessWithoutItsKey() {
        AuthorizerHandler handler = handler(Map.of());
        String token = DpopEvents.token(CLIENT, NOW);
        ECKey thief = TestKeys.ec("thief");

        assertThatThrownBy(() -> handler.handleRequest(asDelivered(DpopEvents.rest("Bearer " + token, null, null)),
                null)).hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("DPOP_PROOF_MISSING");
        assertThatThrownBy(() -> handler.handleRequest(asDelivered(DpopEvents.rest("DPoP " + token,
                DpopEvents.proof(thief, REST_URL, token, NOW), null)), null)).hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("DPOP_KEY_MISMATCH");
        assertThat(recorded).isEmpty(); // nothing reaches the replay store for a proof that did not pass
    }

    @Test
    void theUrlSignedMustBeThePublicUrlOfEachShape() {
        AuthorizerHandler handler = handler(Map.of());
        String token = DpopEvents.token(CLIENT, NOW);

        // REST: the path as the client sent it keeps the stage; without it the proof names another URL
        assertThatThrownBy(() -> handler.handleRequest(asDelivered(DpopEvents.rest("DPoP " + token,
                DpopEvents.proof(CLIENT, "https://" + DpopEvents.DOMAIN + "/orders/42", token, NOW), null)), null))
                .hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("DPOP_PROOF_MISMATCH");
        // HTTP API: the proof must not carry the query the request has
        assertThat(answer(handler, DpopEvents.httpApi("DPoP " + token,
                DpopEvents.proof(CLIENT, HTTP_URL + "?expand=items", token, NOW), null)))
                .isEqualTo(Map.of("isAuthorized", false));
        assertThat(lastReason()).isEqualTo("DPOP_PROOF_MISMATCH");
    }

    @Test
    void twoDpopHeadersAreRefused() {
        String token = DpopEvents.token(CLIENT, NOW);
        Map<String, Object> event = DpopEvents.rest("DPoP " + token, DpopEvents.proof(CLIENT, REST_URL, token, NOW),
                null);
        @SuppressWarnings("unchecked")
        Map<String, Object> multi = (Map<String, Object>) event.get("multiValueHeaders");
        multi.put("DPoP", List.of(DpopEvents.proof(CLIENT, REST_URL, token, NOW),
                DpopEvents.proof(CLIENT, REST_URL, token, NOW)));

        assertThatThrownBy(() -> handler(Map.of()).handleRequest(asDelivered(event), null))
                .hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("DPOP_PROOF_INVALID");
    }

    @Test
    void aBoundTokenOnTheRestTokenShapeIsRefused() {
        String token = DpopEvents.token(CLIENT, NOW);
        Map<String, Object> event = Map.of("type", "TOKEN", "authorizationToken", "DPoP " + token,
                "methodArn", DpopEvents.REST_ARN);

        assertThatThrownBy(() -> handler(Map.of()).handleRequest(asDelivered(event), null))
                .hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("UNSUPPORTED_BINDING");
    }

    @Test
    void aPublicBaseUrlNamesWhatClientsOfACustomDomainSign() {
        AuthorizerHandler handler = handler(Map.of("PUBLIC_BASE_URLS",
                "a1b2c3d4e5/prod=https://api.example.com/shop"));
        String token = DpopEvents.token(CLIENT, NOW);

        assertThat(answer(handler, DpopEvents.rest("DPoP " + token,
                DpopEvents.proof(CLIENT, "https://api.example.com/shop/orders/42", token, NOW), null)))
                .containsEntry("principalId", "alice");
        // the execute-api URL is then not what this stage's clients sign
        assertThatThrownBy(() -> handler.handleRequest(asDelivered(DpopEvents.rest("DPoP " + token,
                DpopEvents.proof(CLIENT, REST_URL, token, NOW), null)), null)).hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("DPOP_PROOF_MISMATCH");
    }

    @Test
    void boundTokensAreRefusedWhenTheDeploymentCachesAnswers() {
        AuthorizerHandler handler = handler(Map.of("AUTHORIZER_RESULT_TTL_SECONDS", "60"));
        String token = DpopEvents.token(CLIENT, NOW);

        assertThatThrownBy(() -> handler.handleRequest(asDelivered(DpopEvents.rest("DPoP " + token,
                DpopEvents.proof(CLIENT, REST_URL, token, NOW), null)), null)).hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("UNSUPPORTED_BINDING");
        String bearer = DpopEvents.token(null, NOW);
        assertThat(answer(handler, DpopEvents.rest("Bearer " + bearer, null, null)))
                .containsEntry("principalId", "alice");
    }

    @Test
    void aProfileRequiringDpopRefusesBearerTokens() {
        String profiles = "[{\"id\":\"strict\",\"issuer\":\"" + DpopEvents.ISSUER + "\",\"jwks\":"
                + TestKeys.publicJson(DpopEvents.ISSUER_KEY) + ",\"audiences\":[\"" + DpopEvents.AUDIENCE + "\"],"
                + "\"dpop\":\"required\"}]";
        Map<String, String> env = new java.util.HashMap<>(DpopEvents.environment(Map.of()));
        env.keySet().removeAll(List.of("JWT_ISSUER", "JWT_AUDIENCE", "JWKS"));
        env.put("TRUSTED_ISSUERS", profiles);
        AuthorizerHandler handler = new AuthorizerHandler(AuthorizerConfig.fromEnvironment(env),
                (t, n) -> RevocationStatus.notRevoked("in memory"), replay, Clock.fixed(NOW, ZoneOffset.UTC), log);

        assertThat(answer(handler, DpopEvents.httpApi("Bearer " + DpopEvents.token(null, NOW), null, null)))
                .isEqualTo(Map.of("isAuthorized", false));
        assertThat(lastReason()).isEqualTo("DPOP_REQUIRED");
        String token = DpopEvents.token(CLIENT, NOW);
        assertThat(answer(handler, DpopEvents.httpApi("DPoP " + token, DpopEvents.proof(CLIENT, HTTP_URL, token, NOW),
                null))).containsEntry("isAuthorized", true);
    }

    @Test
    void aTokenBoundToAKeyNeedsAReplayStoreThatAnswers() {
        AuthorizerHandler withoutStore = new AuthorizerHandler(
                AuthorizerConfig.fromEnvironment(DpopEvents.environment(Map.of())),
                (t, n) -> RevocationStatus.notRevoked("in memory"), Clock.fixed(NOW, ZoneOffset.UTC), log);
        String token = DpopEvents.token(CLIENT, NOW);

        assertThatThrownBy(() -> withoutStore.handleRequest(asDelivered(DpopEvents.rest("DPoP " + token,
                DpopEvents.proof(CLIENT, REST_URL, token, NOW), null)), null)).hasMessage("AuthorizerUnavailable");
        assertThat(lastReason()).isEqualTo("STORE_UNAVAILABLE");
    }

    // --- mutual TLS on both shapes -----------------------------------------------------------------------------------

    @Test
    void aCertificateBoundTokenPassesWithItsCertificateOnBothShapes() {
        AuthorizerHandler handler = handler(Map.of());
        String token = DpopEvents.certificateBoundToken(TestCertificates.thumbprint(certificate), NOW);
        String pem = TestCertificates.pem(certificate);

        assertThat(answer(handler, DpopEvents.rest("Bearer " + token, null, pem))).containsEntry("principalId", "alice");
        assertThat(log.last()).contains("\"binding\":\"mtls\"");
        assertThat(answer(handler, DpopEvents.httpApi("Bearer " + token, null, pem)))
                .containsEntry("isAuthorized", true);
    }

    @Test
    void aCertificateBoundTokenWithAnotherCertificateIsRefusedOnBothShapes() {
        AuthorizerHandler handler = handler(Map.of());
        String token = DpopEvents.certificateBoundToken(TestCertificates.thumbprint(certificate), NOW);
        String otherPem = TestCertificates.pem(TestCertificates.selfSigned("thief.example"));

        assertThatThrownBy(() -> handler.handleRequest(asDelivered(DpopEvents.rest("Bearer " + token, null, otherPem)),
                null)).hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("CLIENT_CERTIFICATE_MISMATCH");
        assertThat(answer(handler, DpopEvents.httpApi("Bearer " + token, null, otherPem)))
                .isEqualTo(Map.of("isAuthorized", false));
        assertThat(lastReason()).isEqualTo("CLIENT_CERTIFICATE_MISMATCH");
        assertThat(answer(handler, DpopEvents.httpApi("Bearer " + token, null, null)))
                .isEqualTo(Map.of("isAuthorized", false));
        assertThat(lastReason()).isEqualTo("CLIENT_CERTIFICATE_MISSING");
    }

    // --- logs --------------------------------------------------------------------------------------------------------

    @Test
    void noLogLineCarriesTokenProofOrCertificateMaterial() {
        AuthorizerHandler handler = handler(Map.of());
        String token = DpopEvents.token(CLIENT, NOW);
        String proof = DpopEvents.proof(CLIENT, REST_URL, token, NOW);
        answer(handler, DpopEvents.rest("DPoP " + token, proof, null));
        assertThatThrownBy(() -> handler.handleRequest(asDelivered(DpopEvents.rest("DPoP " + token, proof, null)),
                null)).hasMessage("Unauthorized");

        List<String> secrets = new ArrayList<>(List.of(token.split("\\.")));
        secrets.addAll(List.of(proof.split("\\.")));
        secrets.add(DpopProofs.thumbprint(CLIENT));
        assertThat(log.lines).isNotEmpty().allSatisfy(line -> secrets.forEach(secret ->
                assertThat(line).doesNotContain(secret)));
    }
}
