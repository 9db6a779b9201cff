package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.authorizer.config.AuthorizerConfig.HttpApiResponse;
import dev.tokengate.authorizer.decision.Decision;
import dev.tokengate.authorizer.route.ApiArn;
import dev.tokengate.authorizer.route.RouteGrant;
import dev.tokengate.authorizer.route.RouteScopes;
import dev.tokengate.core.token.Confirmation;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The failure-semantics table, row by row, in each protocol's documented response format. */
class AnswersTest {
    private static final String STAGE = "arn:aws:execute-api:us-east-1:123456789012:api1/prod/";
    private static final Optional<ApiArn> ROUTE = ApiArn.parse(STAGE + "GET/admin/users");
    private static final ValidatedToken TOKEN = new ValidatedToken("default", "alice", "t1",
            "https://issuer.example.com",
            List.of("api"), Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
            Set.of("orders:read", "orders:write"), Optional.empty(), Optional.empty(), Optional.empty(),
            Confirmation.NONE);
    private static final Map<String, Object> CONTEXT = Map.of("sub", "alice", "issuerId", "default", "jti", "t1",
            "originJti", "",
            "scope", "orders:read orders:write", "client_id", "", "iss", "https://issuer.example.com");
    private static final Map<String, Object> ALLOW_STAGE = Map.of("Action", "execute-api:Invoke", "Effect", "Allow",
            "Resource", STAGE + "*/*");

    private static final Answers REST = new Answers(HttpApiResponse.SIMPLE);
    private static final Answers SIMPLE = new Answers(HttpApiResponse.SIMPLE);
    private static final Answers IAM = new Answers(HttpApiResponse.IAM);

    private static final Decision ALLOW = new Decision.Allow(TOKEN, RouteGrant.EVERYTHING, Instant.EPOCH);
    private static final RouteGrant NO_ADMIN = RouteScopes.parse("* /admin/*=admin").grantFor(TOKEN.scopes());
    private static final Decision FORBIDDEN = new Decision.Deny(DenyReason.INSUFFICIENT_SCOPE, Optional.of(TOKEN),
            Optional.of(NO_ADMIN), "scope");

    private static Map<String, Object> json(Map<String, Object> answer) {
        return LambdaRuntime.asApiGatewaySeesIt(answer);
    }

    // allowed

    @Test
    void restAllowIsTheTokensPolicyWithPrincipalAndContext() {
        assertThat(json(REST.answer(EventShape.REST_TOKEN, ROUTE, ALLOW))).isEqualTo(Map.of(
                "principalId", "alice",
                "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(ALLOW_STAGE)),
                "context", CONTEXT));
        assertThat(REST.answer(EventShape.REST_REQUEST, ROUTE, ALLOW))
                .isEqualTo(REST.answer(EventShape.REST_TOKEN, ROUTE, ALLOW));
    }

    @Test
    void httpSimpleAllowIsIsAuthorizedTrueWithContext() {
        assertThat(json(SIMPLE.answer(EventShape.HTTP_API_V2, ROUTE, ALLOW)))
                .isEqualTo(Map.of("isAuthorized", true, "context", CONTEXT));
    }

    @Test
    void httpIamAllowIsTheSamePolicyAsRest() {
        assertThat(IAM.answer(EventShape.HTTP_API_V2, ROUTE, ALLOW)).isEqualTo(REST.answer(EventShape.REST_TOKEN, ROUTE, ALLOW));
    }

    @Test
    void contextValuesAreAllStrings() {
        assertThat(Answers.context(TOKEN).values()).allMatch(String.class::isInstance);
    }

    // 401

    @ParameterizedTest
    @EnumSource(value = DenyReason.class, mode = EnumSource.Mode.MATCH_ALL, names = ".*")
    void everyUnauthorizedReasonIsTheExactUnauthorizedErrorOnRest(DenyReason reason) {
        if (reason.outcome() != DenyReason.Outcome.UNAUTHORIZED) {
            return;
        }
        Decision deny = Decision.Deny.unauthorized(reason, "detail");
        assertThatThrownBy(() -> REST.answer(EventShape.REST_TOKEN, ROUTE, deny))
                .isExactlyInstanceOf(ProtocolError.class).hasMessage("Unauthorized");
        assertThatThrownBy(() -> REST.answer(EventShape.REST_REQUEST, ROUTE, deny)).hasMessage("Unauthorized");
        assertThat(json(SIMPLE.answer(EventShape.HTTP_API_V2, ROUTE, deny))).isEqualTo(Map.of("isAuthorized", false));
        assertThat(json(IAM.answer(EventShape.HTTP_API_V2, ROUTE, deny))).isEqualTo(Map.of(
                "principalId", "anonymous",
                "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
                        Map.of("Action", "execute-api:Invoke", "Effect", "Deny", "Resource", STAGE + "*/*")))));
    }

    @Test
    void aRevokedTokenKeepsItsPrincipalInAnIamDeny() {
        Decision revoked = new Decision.Deny(DenyReason.TOKEN_REVOKED, Optional.of(TOKEN), Optional.empty(), "x");
        assertThat(IAM.answer(EventShape.HTTP_API_V2, ROUTE, revoked)).containsEntry("principalId", "alice")
                .doesNotContainKey("context");
    }

    // 403

    @Test
    void restForbiddenIsTheTokensWholePolicyWithAnExplicitDenyOnTheRuleRoutes() {
        Map<String, Object> answer = json(REST.answer(EventShape.REST_TOKEN, ROUTE, FORBIDDEN));
        assertThat(answer).isEqualTo(Map.of(
                "principalId", "alice",
                "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(ALLOW_STAGE,
                        Map.of("Action", "execute-api:Invoke", "Effect", "Deny", "Resource",
                                Stream.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
                                        .map(method -> STAGE + method + "/admin/*").toList()))),
                "context", CONTEXT));
        // and it is exactly the answer a cached Allow of the same token carries
        assertThat(REST.answer(EventShape.REST_TOKEN, ApiArn.parse(STAGE + "GET/orders/1"),
                new Decision.Allow(TOKEN, NO_ADMIN, Instant.EPOCH))).isEqualTo(REST.answer(EventShape.REST_TOKEN, ROUTE, FORBIDDEN));
    }

    @Test
    void httpForbiddenIsIsAuthorizedFalseOrTheIamPolicy() {
        assertThat(json(SIMPLE.answer(EventShape.HTTP_API_V2, ROUTE, FORBIDDEN))).isEqualTo(Map.of("isAuthorized", false));
        assertThat(IAM.answer(EventShape.HTTP_API_V2, ROUTE, FORBIDDEN))
                .isEqualTo(REST.answer(EventShape.REST_TOKEN, ROUTE, FORBIDDEN));
    }

    // unavailable

    @Test
    void protocolErrorsCarryNoStackTraceCauseOrSuppressedExceptions() {
        for (RuntimeException error : List.of(Answers.unauthorized(), Answers.unavailable())) {
            assertThat(error.getStackTrace()).as("no frames to fill in or print per refusal").isEmpty();
            error.addSuppressed(new IllegalStateException("late"));
            assertThat(error.getSuppressed()).isEmpty();
            assertThat(error.getCause()).isNull();
            assertThatThrownBy(() -> error.initCause(new IllegalStateException("late")))
                    .isInstanceOf(IllegalStateException.class);
            java.io.StringWriter printed = new java.io.StringWriter();
            error.printStackTrace(new java.io.PrintWriter(printed));
            assertThat(printed.toString().lines()).as("what the runtime client prints for it").hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DenyReason.class, mode = EnumSource.Mode.MATCH_ALL, names = ".*")
    void unavailableIsAnErrorThatIsNotUnauthorizedInEveryProtocol(DenyReason reason) {
        if (reason.outcome() != DenyReason.Outcome.UNAVAILABLE) {
            return; // KEYS_UNAVAILABLE, KEY_REFRESH_DEFERRED, STORE_UNAVAILABLE, and any added later
        }
        Decision down = new Decision.Unavailable(reason, Optional.empty(), "down");
        for (Answers answers : List.of(REST, SIMPLE, IAM)) {
            for (EventShape shape : List.of(EventShape.REST_TOKEN, EventShape.REST_REQUEST, EventShape.HTTP_API_V2)) {
                assertThatThrownBy(() -> answers.answer(shape, ROUTE, down))
                        .isExactlyInstanceOf(ProtocolError.class).hasMessage("AuthorizerUnavailable");
            }
        }
    }

    // unknown shape

    @Test
    void anUnknownShapeIsNeverAllowedWhateverTheDecision() {
        for (Decision decision : List.of(ALLOW, FORBIDDEN)) {
            assertThatThrownBy(() -> REST.answer(EventShape.UNKNOWN, ROUTE, decision)).hasMessage("Unauthorized");
        }
    }

    @Test
    void anAllowWithoutARouteIsNeverAnsweredAsAllow() {
        assertThatThrownBy(() -> REST.answer(EventShape.REST_TOKEN, Optional.empty(), ALLOW)).hasMessage("Unauthorized");
        assertThatThrownBy(() -> IAM.answer(EventShape.HTTP_API_V2, Optional.empty(), ALLOW)).hasMessage("Unauthorized");
    }
}
