package dev.tokengate.authorizer.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.testkit.gateway.PolicyEvaluator;
import dev.tokengate.testkit.gateway.PolicyEvaluator.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The policy documents, and the cases the security review found. That a cached policy agrees with a fresh decision
 * on every route is a property test over generated rules, scopes and routes: hardening's
 * {@code CachedPolicyAgreementTest}.
 */
class PolicyTest {
    private static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:api1/prod/";
    private static final ApiArn ORDERS = ApiArn.parse(PREFIX + "GET/orders/42").orElseThrow();
    private static final List<String> EVERY_METHOD = List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST",
            "PUT");

    @Test
    void withoutRulesAllowsTheWholeStageInTheDocumentedFormat() {
        Map<String, Object> policy = Policy.forGrant(ORDERS, RouteGrant.EVERYTHING);
        assertThat(policy).isEqualTo(Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(Map.of(
                        "Action", "execute-api:Invoke",
                        "Effect", "Allow",
                        "Resource", PREFIX + "*/*"))));
    }

    @Test
    void withUnsatisfiedRulesAddsOneExplicitDenyListingEachRuleForEachOfItsMethods() {
        RouteScopes scopes = RouteScopes.parse("GET /orders/*=orders:read;ANY /admin/*=admin;POST /orders=orders:write");
        Map<String, Object> policy = Policy.forGrant(ORDERS, scopes.grantFor(Set.of("orders:read")));
        List<String> denied = new ArrayList<>();
        EVERY_METHOD.forEach(method -> denied.add(PREFIX + method + "/admin/*"));
        denied.add(PREFIX + "POST/orders");
        assertThat(policy.get("Statement")).isEqualTo(List.of(
                Map.of("Action", "execute-api:Invoke", "Effect", "Allow", "Resource", PREFIX + "*/*"),
                Map.of("Action", "execute-api:Invoke", "Effect", "Deny", "Resource", denied)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void neverPutsAWildcardInTheMethodPositionOfADeny() {
        RouteScopes scopes = RouteScopes.parse("ANY /admin/*=admin;* /=root");
        List<Map<String, Object>> statements = (List<Map<String, Object>>) Policy.forGrant(ORDERS,
                scopes.grantFor(Set.of())).get("Statement");
        List<String> denied = (List<String>) statements.get(1).get("Resource");

        assertThat(denied).hasSize(14).allSatisfy(resource -> assertThat(resource).startsWith(PREFIX)
                .satisfies(r -> assertThat(EVERY_METHOD).contains(r.substring(PREFIX.length()).split("/", 2)[0])));
        assertThat(denied).contains(PREFIX + "GET/admin/*", PREFIX + "PUT/", PREFIX + "OPTIONS/admin/*");
    }

    @Test
    void denyAllCoversTheWholeStage() {
        assertThat(Policy.denyAll(ORDERS).get("Statement")).isEqualTo(List.of(
                Map.of("Action", "execute-api:Invoke", "Effect", "Deny", "Resource", PREFIX + "*/*")));
    }

    @Test
    void theRequestPathNeverEntersThePolicy() {
        ApiArn hostile = ApiArn.parse(PREFIX + "GET/*").orElseThrow();
        RouteScopes scopes = RouteScopes.parse("GET /admin/*=admin");
        assertThat(Policy.forGrant(hostile, scopes.grantFor(Set.of())).toString())
                .doesNotContain("GET/*\"").contains("GET/admin/*");
    }

    /**
     * Finding 5 of the security review (issue 14, point 4): {@code ANY /admin/*} became {@code <stage>/*}{@code
     * /admin/*}, whose {@code *} also covered {@code GET/users}: a 403 from the cache on routes the decision allows.
     */
    @ParameterizedTest
    @CsvSource({
            "ANY /admin/*=admin, GET, /users/admin/x, ALLOW",
            "ANY /admin/*=admin, POST, /v1/admin/, ALLOW",
            "ANY /admin/*=admin, DELETE, /admin/x, EXPLICIT_DENY",
            "ANY /=root, GET, /admin/, ALLOW",
            "ANY /=root, HEAD, /, EXPLICIT_DENY",
            "GET /=root, GET, /x/, ALLOW"})
    void aCachedPolicyAnswersLikeAFreshDecisionWhereAnyRulesUsedToOverreach(String rule, String method, String path,
            Verdict expected) {
        RouteGrant grant = RouteScopes.parse(rule).grantFor(Set.of());
        ApiArn later = ApiArn.parse(PREFIX + method + path).orElseThrow();

        Verdict cached = PolicyEvaluator.evaluate(Policy.forGrant(ORDERS, grant), PREFIX + method + path);

        assertThat(cached).isEqualTo(expected);
        assertThat(grant.permits(later)).isEqualTo(expected == Verdict.ALLOW);
    }

    @Test
    void aRuleAboutAnotherApiDeniesNothingHere() {
        RouteGrant grant = RouteScopes.parse("GET z9y8x7w6v5:/admin/*=admin;GET api1abcdef:/x=x").grantFor(Set.of());
        assertThat(Policy.forGrant(ORDERS, grant)).isEqualTo(Policy.forGrant(ORDERS, RouteGrant.EVERYTHING));

        ApiArn ownApi = ApiArn.parse("arn:aws:execute-api:us-east-1:123456789012:z9y8x7w6v5/prod/GET/orders")
                .orElseThrow();
        assertThat(Policy.forGrant(ownApi, grant).toString())
                .contains("z9y8x7w6v5/prod/GET/admin/*").doesNotContain("GET/x");
    }

    @Test
    void aCachedPolicyNeverReachesAnotherStageOrApi() {
        Map<String, Object> cached = Policy.forGrant(ORDERS, RouteGrant.EVERYTHING);
        assertThat(PolicyEvaluator.evaluate(cached, PREFIX + "GET/anything")).isEqualTo(Verdict.ALLOW);
        assertThat(PolicyEvaluator.evaluate(cached,
                "arn:aws:execute-api:us-east-1:123456789012:api1/test/GET/orders/42")).isEqualTo(Verdict.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(cached,
                "arn:aws:execute-api:us-east-1:123456789012:api2/prod/GET/orders/42")).isEqualTo(Verdict.IMPLICIT_DENY);
    }
}
