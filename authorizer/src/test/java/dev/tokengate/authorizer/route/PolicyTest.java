package dev.tokengate.authorizer.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:api1/prod/";
    private static final ApiArn ORDERS = ApiArn.parse(PREFIX + "GET/orders/42").orElseThrow();

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
    void withUnsatisfiedRulesAddsOneExplicitDenyListingTheirRoutes() {
        RouteScopes scopes = RouteScopes.parse("GET /orders/*=orders:read;ANY /admin/*=admin;POST /orders=orders:write");
        Map<String, Object> policy = Policy.forGrant(ORDERS, scopes.grantFor(Set.of("orders:read")));
        assertThat(policy.get("Statement")).isEqualTo(List.of(
                Map.of("Action", "execute-api:Invoke", "Effect", "Allow", "Resource", PREFIX + "*/*"),
                Map.of("Action", "execute-api:Invoke", "Effect", "Deny",
                        "Resource", List.of(PREFIX + "*/admin/*", PREFIX + "POST/orders"))));
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
     * The cached-route cases: API Gateway caches the policy built for the first route a token called and evaluates
     * it for every later route. For every (scopes, first route, later route) the cached answer must equal a fresh
     * decision on the later route.
     */
    @Test
    void aCachedPolicyGivesEveryRouteTheSameAnswerAsAFreshDecision() {
        RouteScopes scopes = RouteScopes.parse("GET /orders/*=orders:read orders:admin;DELETE /orders/*=orders:admin;"
                + "* /admin/*=admin;POST /orders=orders:write");
        List<String[]> routes = List.of(
                new String[] {"GET", "/orders/42"}, new String[] {"GET", "/orders/42/items"},
                new String[] {"DELETE", "/orders/42"}, new String[] {"POST", "/orders"},
                new String[] {"PUT", "/orders/42"}, new String[] {"GET", "/admin/users"},
                new String[] {"POST", "/admin/users/7/disable"}, new String[] {"GET", "/health"},
                new String[] {"GET", "/"}, new String[] {"GET", "/orders"});
        List<Set<String>> grants = List.of(Set.of(), Set.of("orders:read"), Set.of("orders:admin"),
                Set.of("orders:write"), Set.of("admin"), Set.of("orders:read", "orders:write", "admin"),
                Set.of("orders:admin", "orders:write", "admin"));
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (Set<String> granted : grants) {
            RouteGrant grant = scopes.grantFor(granted);
            for (String[] first : routes) {
                ApiArn firstArn = ApiArn.parse(PREFIX + first[0] + first[1]).orElseThrow();
                Map<String, Object> cached = Policy.forGrant(firstArn, grant);
                for (String[] later : routes) {
                    cases++;
                    boolean fresh = grant.permits(later[0], later[1]);
                    boolean fromCache = PolicyEvaluation.allows(cached, PREFIX + later[0] + later[1]);
                    if (fresh != fromCache) {
                        mismatches.add(granted + " first " + String.join(" ", first) + " then "
                                + String.join(" ", later) + ": fresh " + fresh + ", cached " + fromCache);
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(grants.size() * routes.size() * routes.size());
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aCachedPolicyNeverReachesAnotherStageOrApi() {
        Map<String, Object> cached = Policy.forGrant(ORDERS, RouteGrant.EVERYTHING);
        assertThat(PolicyEvaluation.allows(cached, PREFIX + "GET/anything")).isTrue();
        assertThat(PolicyEvaluation.allows(cached,
                "arn:aws:execute-api:us-east-1:123456789012:api1/test/GET/orders/42")).isFalse();
        assertThat(PolicyEvaluation.allows(cached,
                "arn:aws:execute-api:us-east-1:123456789012:api2/prod/GET/orders/42")).isFalse();
    }
}
