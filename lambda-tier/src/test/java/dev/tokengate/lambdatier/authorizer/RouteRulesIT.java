package dev.tokengate.lambdatier.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TestIssuer;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.gateway.PolicyEvaluator;
import dev.tokengate.testkit.gateway.PolicyEvaluator.Verdict;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The authorizer's zip deployed with route rules ({@code RouteScopes}, {@code HttpApiResponse=iam}) under the real
 * runtime client (issue 14, points 4 and 5). The policy it answers on one route, evaluated as API Gateway evaluates a
 * cached answer on another route, agrees with a fresh decision there; a rule naming an API applies to that API only;
 * init logs each rule with the ARN form it is compared with.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteRulesIT {
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTE_SCOPES = "ANY /admin/*=admin;GET a1b2c3d4e5:/reports/*=reports";

    private final TestIssuer issuer = TestIssuer.fresh();
    private LambdaSandbox authorizer;

    @BeforeAll
    void start(MotoServer moto) {
        String tokenTable = TierTables.tokenTable(moto, "lambda-tier-tokens");
        Map<String, String> parameters = new HashMap<>(issuer.parameters());
        parameters.put("RouteScopes", ROUTE_SCOPES);
        parameters.put("HttpApiResponse", "iam");
        authorizer = LambdaSandbox.function("AuthorizerFunction")
                .parameters(StackParameters.of(parameters))
                .tokenTableOn(moto, tokenTable)
                .start();
    }

    @AfterAll
    void stop() {
        if (authorizer != null) {
            authorizer.close();
        }
    }

    /** The sample events: REST API a1b2c3d4e5 stage prod, HTTP API f6g7h8i9j0 stage $default (iam answers). */
    enum Shape {
        REST_TOKEN("rest-token.json", "methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/"),
        HTTP_API("http-api-v2.json", "routeArn", "arn:aws:execute-api:us-east-1:123456789012:f6g7h8i9j0/$default/");

        final String sample;
        final String arnField;
        final String stagePrefix;

        Shape(String sample, String arnField, String stagePrefix) {
            this.sample = sample;
            this.arnField = arnField;
            this.stagePrefix = stagePrefix;
        }

        ObjectNode event(String token, String methodAndPath) {
            ObjectNode event = Events.withToken("authorizer", sample, token);
            event.put(arnField, stagePrefix + methodAndPath);
            return event;
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void anAnyRuleCachedOnOneRouteAnswersEveryOtherRouteAsAFreshDecisionDoes(Shape shape) {
        String token = issuer.sign(issuer.token().scope("orders:read"));
        Invocation first = authorizer.invoke(shape.event(token, "GET/orders/42"));
        Object cached = policy(first);

        for (String later : List.of("GET/users/admin/x", "POST/v1/admin/", "DELETE/admin/x", "GET/admin/")) {
            Invocation fresh = authorizer.invoke(shape.event(token, later));
            String decided = decision(fresh).path("outcome").asText();
            Verdict fromCache = PolicyEvaluator.evaluate(cached, shape.stagePrefix + later);

            assertThat(decided).as(fresh::report).isIn("ALLOW", "FORBIDDEN");
            assertThat(fromCache).as("%s: the answer cached on GET/orders/42 against a fresh %s", later, decided)
                    .isEqualTo(decided.equals("ALLOW") ? Verdict.ALLOW : Verdict.EXPLICIT_DENY);
            assertThat(PolicyEvaluator.evaluate(policy(fresh), shape.stagePrefix + later)).isEqualTo(fromCache);
        }
        assertThat(PolicyEvaluator.evaluate(cached, shape.stagePrefix + "GET/users/admin/x"))
                .as("the review's case: ANY /admin/* does not reach /users/admin/x").isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aRuleNamingAnApiAppliesToThatApiOnly() {
        String token = issuer.sign(issuer.token().scope("orders:read"));

        Invocation named = authorizer.invoke(Shape.REST_TOKEN.event(token, "GET/reports/2026"));
        Invocation other = authorizer.invoke(Shape.HTTP_API.event(token, "GET/reports/2026"));

        assertThat(decision(named).path("outcome").asText()).isEqualTo("FORBIDDEN");
        assertThat(PolicyEvaluator.evaluate(policy(named), Shape.REST_TOKEN.stagePrefix + "GET/reports/2026"))
                .isEqualTo(Verdict.EXPLICIT_DENY);
        assertThat(decision(other).path("outcome").asText()).isEqualTo("ALLOW");
        assertThat(PolicyEvaluator.evaluate(policy(other), Shape.HTTP_API.stagePrefix + "GET/reports/2026"))
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    void logsEachRuleWithTheArnFormItMatchesAtInit() {
        JsonNode routes = authorizer.logs().await("authorizer.routes",
                line -> "authorizer.routes".equals(line.path("event").asText()), LOG_WAIT);

        assertThat(routes.path("count").asInt()).as(authorizer::report).isEqualTo(2);
        JsonNode any = routes.path("rules").get(0);
        assertThat(any.path("rule").asText()).isEqualTo("ANY /admin/*=admin");
        assertThat(any.path("apiId").asText()).isEqualTo("*");
        assertThat(any.path("arnResources")).hasSize(7).extracting(JsonNode::asText)
                .contains("<apiId>/<stage>/GET/admin/*", "<apiId>/<stage>/DELETE/admin/*");
        JsonNode named = routes.path("rules").get(1);
        assertThat(named.path("apiId").asText()).isEqualTo("a1b2c3d4e5");
        assertThat(named.path("arnResources")).extracting(JsonNode::asText)
                .containsExactly("a1b2c3d4e5/<stage>/GET/reports/*");
    }

    private Object policy(Invocation invocation) {
        return JSON.convertValue(invocation.response().path("policyDocument"), Map.class);
    }

    private JsonNode decision(Invocation invocation) {
        return authorizer.logs().await("authorizer.decision of request " + invocation.requestId(),
                line -> "authorizer.decision".equals(line.path("event").asText())
                        && invocation.requestId().equals(line.path("requestId").asText()), LOG_WAIT);
    }
}
