package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.authorizer.binding.ProofUse;
import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.replay.ReplayGuard;
import dev.tokengate.authorizer.replay.ReplayStatus;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.core.token.ValidatedToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {
    private final Fixtures.Captured log = new Fixtures.Captured();

    private static AuthorizerConfig config(Map<String, String> overrides) {
        return AuthorizerConfig.fromEnvironment(Fixtures.environment(overrides));
    }

    private final List<ProofUse> recorded = new ArrayList<>();
    private final ReplayGuard replay = (use, now) -> {
        recorded.add(use);
        return ReplayStatus::firstUse;
    };

    @Test
    void primesOneWholeBearerAndOneDpopDecisionWithAThrowawayKeyForASubjectThatCannotExist() {
        List<ValidatedToken> checked = new ArrayList<>();
        SnapStartPriming priming = new SnapStartPriming(config(Map.of()), (token, now) -> {
            checked.add(token);
            return RevocationStatus.notRevoked("not found");
        }, replay, log);

        priming.beforeCheckpoint(null);

        // ALLOW: the throwaway token passed the real signature and claim checks, then the policy was built.
        assertThat(priming.lastOutcome()).isEqualTo("ALLOW");
        // and a token bound to the throwaway key passed with a real proof, whose use went to the replay store
        assertThat(priming.lastDpopOutcome()).isEqualTo("ALLOW");
        assertThat(checked).hasSize(2).allSatisfy(token ->
                assertThat(token.subject()).isEqualTo(SnapStartPriming.PRIMING_SUBJECT));
        assertThat(checked.get(1).confirmation().jwkThumbprint()).isPresent();
        assertThat(recorded).singleElement().satisfies(use ->
                assertThat(use.keyThumbprint()).isEqualTo(checked.get(1).confirmation().jwkThumbprint().get()));
        assertThat(log.lines).anyMatch(l -> l.contains("\"authorizer.snapstart\"") && l.contains("\"ALLOW\""));
        assertThat(log.decisions()).isEmpty(); // the priming decision is not logged as a request
    }

    @Test
    void aStoreThatCannotAnswerAtCheckpointDoesNotFailTheSnapshot() {
        SnapStartPriming priming = new SnapStartPriming(config(Map.of()),
                (token, now) -> RevocationStatus.unavailable("stopped"), replay, log);

        priming.beforeCheckpoint(null);

        assertThat(priming.lastOutcome()).isEqualTo("UNAVAILABLE");
        assertThat(priming.lastDpopOutcome()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void routeScopesAndExtraRequiredClaimsStillRunTheWholePath() {
        SnapStartPriming priming = new SnapStartPriming(config(Map.of(
                "ROUTE_SCOPES", "GET /prime=orders:read",
                "HTTP_API_RESPONSE", "iam",
                "JWT_REQUIRED_CLAIMS", "client_id")),
                (token, now) -> RevocationStatus.notRevoked("not found"), replay, log);

        priming.beforeCheckpoint(null);

        // The throwaway token has no scope: the route rule refuses it after validation and the store call.
        assertThat(priming.lastOutcome()).isEqualTo("FORBIDDEN");
    }

    @Test
    void nothingPrimingVerifiesIsInTheCacheOfTheHandlerThatServesRequests() {
        AuthorizerConfig config = config(Map.of());
        AuthorizerHandler handler = new AuthorizerHandler(config,
                (token, now) -> RevocationStatus.notRevoked("not found"), Fixtures.CLOCK, log);
        SnapStartPriming priming = new SnapStartPriming(config,
                (token, now) -> RevocationStatus.notRevoked("not found"), replay, log);

        priming.beforeCheckpoint(null);

        assertThat(priming.lastOutcome()).isEqualTo("ALLOW");
        assertThat(log.lines).anyMatch(l -> l.contains("\"authorizer.snapstart\"") && l.contains("\"tokens\":"));
        // The snapshot holds no verification: the first request after a restore validates its token in full.
        assertThat(handler.cachedTokens()).isZero();
        handler.handleRequest(LambdaRuntime.eventFile("rest-token.json"), null);
        assertThat(log.last()).contains("\"outcome\":\"ALLOW\"");
        assertThat(handler.cachedTokens()).isEqualTo(1);
    }

    @Test
    void afterRestoreOnlyReports() {
        SnapStartPriming priming = new SnapStartPriming(config(Map.of()),
                (token, now) -> RevocationStatus.notRevoked("not found"), replay, log);

        priming.afterRestore(null);

        assertThat(priming.lastOutcome()).isEqualTo("NOT_RUN");
        assertThat(log.lines).singleElement().asString().contains("afterRestore");
    }
}
