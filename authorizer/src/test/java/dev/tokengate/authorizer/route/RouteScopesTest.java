package dev.tokengate.authorizer.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.core.config.ConfigException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteScopesTest {

    @Test
    void parsesRulesWithMethodsPathsAndScopes() {
        RouteScopes scopes = RouteScopes.parse(" GET /orders/*=orders:read orders:admin ; post /orders=orders:write;"
                + "ANY /admin/*=admin;");
        assertThat(scopes.rules()).containsExactly(
                new RouteRule(Optional.empty(), Optional.of(HttpMethod.GET), "/orders/*",
                        Set.of("orders:read", "orders:admin")),
                new RouteRule(Optional.empty(), Optional.of(HttpMethod.POST), "/orders", Set.of("orders:write")),
                new RouteRule(Optional.empty(), Optional.empty(), "/admin/*", Set.of("admin")));
        assertThat(scopes.rules()).extracting(RouteRule::toString).containsExactly(
                "GET /orders/*=orders:admin orders:read", "POST /orders=orders:write", "ANY /admin/*=admin");
    }

    @Test
    void emptyOrBlankMeansNoRules() {
        assertThat(RouteScopes.parse(null).isEmpty()).isTrue();
        assertThat(RouteScopes.parse("  ").isEmpty()).isTrue();
        assertThat(RouteScopes.parse(" ; ;").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /orders", "GET /orders=", "GET=read", "/orders=read", "GET /a /b=read",
            "FETCH /orders=read", "GET orders=read", "GET /orders/?=read", "GET /orders/{id}=read",
            "GET /a=b=c"})
    void refusesMalformedRulesNamingTheVariable(String value) {
        assertThatThrownBy(() -> RouteScopes.parse(value))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROUTE_SCOPES:");
    }

    /** Issue 14, point 5: a rule that can never match a path inside an execute-api ARN protects nothing. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET //admin/*=admin                 | '//' never occurs",
            "GET /admin//*=admin                 | '//' never occurs",
            "GET /admin#top=admin                | a fragment is never sent",
            "GET /orders?id=1                    | the ARN holds no query string",
            "GET /orders?status=s                | the ARN holds no query string",
            "GET /a%2Fb/*=s                      | '%' is not allowed",
            "GET /caf%C3%A9=s                    | '%' is not allowed",
            "GET /orders/{id}=s                  | not {name}",
            "GET ABC123DEF4:/admin/*=admin       | is not an API Gateway API id",
            "GET abc123:/admin/*=admin           | is not an API Gateway API id",
            "GET a1b2c3d4e5:admin/*=admin        | path must start with /",
            "GET a1b2c3d4e5/admin/*=admin        | path must start with / (or name its API: abc123def4:/path)"})
    void refusesRulesThatCanNeverMatchAnArnPathNamingTheVariableAndTheRule(String value, String reason) {
        assertThatThrownBy(() -> RouteScopes.parse("GET /ok=s;" + value))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROUTE_SCOPES: rule 2 ('" + value + "')")
                .hasMessageContaining(reason);
    }

    @Test
    void aRuleThatNamesAnApiAppliesOnlyToThatApi() {
        RouteScopes scopes = RouteScopes.parse("ANY a1b2c3d4e5:/admin/*=admin;GET /orders/*=orders:read");
        RouteRule oneApi = scopes.rules().get(0);
        assertThat(oneApi.apiId()).contains("a1b2c3d4e5");
        assertThat(oneApi).hasToString("ANY a1b2c3d4e5:/admin/*=admin");
        RouteGrant none = scopes.grantFor(Set.of());

        assertThat(none.permits(arn("GET", "/admin/x"))).isFalse();
        assertThat(none.permits(ApiArn.parse("arn:aws:execute-api:us-east-1:123456789012:z9y8x7w6v5/prod/GET/admin/x")
                .orElseThrow())).isTrue();
        assertThat(none.permits(ApiArn.parse("arn:aws:execute-api:us-east-1:123456789012:z9y8x7w6v5/prod/GET/orders/1")
                .orElseThrow())).isFalse();
    }

    @Test
    void describesEachRuleWithTheArnResourcesItMatches() {
        RouteScopes scopes = RouteScopes.parse("GET a1b2c3d4e5:/reports/*=reports;POST /orders=orders:write");
        assertThat(scopes.describeJson()).isEqualTo("["
                + "{\"rule\":\"GET a1b2c3d4e5:/reports/*=reports\",\"apiId\":\"a1b2c3d4e5\","
                + "\"arnResources\":[\"a1b2c3d4e5/<stage>/GET/reports/*\"]},"
                + "{\"rule\":\"POST /orders=orders:write\",\"apiId\":\"*\","
                + "\"arnResources\":[\"<apiId>/<stage>/POST/orders\"]}]");
        assertThat(RouteScopes.parse("ANY /a=s").rules().get(0).arnForms()).hasSize(7)
                .contains("<apiId>/<stage>/HEAD/a");
        assertThat(RouteScopes.NONE.describeJson()).isEqualTo("[]");
    }

    @Test
    void refusesMoreRulesThanAPolicyShouldCarry() {
        String many = "GET /a=s;".repeat(RouteScopes.MAX_RULES + 1);
        assertThatThrownBy(() -> RouteScopes.parse(many)).hasMessageContaining("at most");
    }

    @Test
    void aRuleIsSatisfiedByAnyOneOfItsScopes() {
        RouteScopes scopes = RouteScopes.parse("GET /orders/*=orders:read orders:admin");
        assertThat(scopes.grantFor(Set.of("orders:admin")).permits(arn("GET", "/orders/1"))).isTrue();
        assertThat(scopes.grantFor(Set.of("orders:read")).permits(arn("GET", "/orders/1"))).isTrue();
        assertThat(scopes.grantFor(Set.of("profile")).permits(arn("GET", "/orders/1"))).isFalse();
    }

    @Test
    void everyMatchingRuleMustBeSatisfied() {
        RouteScopes scopes = RouteScopes.parse("* /orders/*=orders;DELETE /orders/*=orders:delete");
        assertThat(scopes.grantFor(Set.of("orders")).permits(arn("GET", "/orders/1"))).isTrue();
        assertThat(scopes.grantFor(Set.of("orders")).permits(arn("DELETE", "/orders/1"))).isFalse();
        assertThat(scopes.grantFor(Set.of("orders:delete")).permits(arn("DELETE", "/orders/1"))).isFalse();
        assertThat(scopes.grantFor(Set.of("orders", "orders:delete")).permits(arn("DELETE", "/orders/1"))).isTrue();
    }

    @Test
    void routesNoRuleNamesNeedNoScope() {
        RouteScopes scopes = RouteScopes.parse("GET /orders/*=orders:read");
        assertThat(scopes.grantFor(Set.of()).permits(arn("GET", "/health"))).isTrue();
        assertThat(scopes.grantFor(Set.of()).permits(arn("POST", "/orders/1"))).isTrue();
    }

    @Test
    void theGrantDependsOnlyOnTheScopes() {
        RouteScopes scopes = RouteScopes.parse("GET /a=x;GET /b=y");
        assertThat(scopes.grantFor(Set.of("x")).forbidden()).extracting(RouteRule::toString)
                .containsExactly("GET /b=y");
        assertThat(scopes.grantFor(Set.of("x", "y"))).isEqualTo(RouteGrant.EVERYTHING);
    }

    @ParameterizedTest
    @CsvSource({
            "/orders/*, /orders/1, true",
            "/orders/*, /orders/1/items, true",   // * spans '/', as in API Gateway's policy matching
            "/orders/*, /orders, false",
            "/orders/*, /orders/, true",
            "/orders, /orders, true",
            "/orders, /orders/1, false",
            "/orders, /Orders, false",             // case-sensitive, like the ARN comparison
            "/*/items, /o/items, true",
            "/*/items, /o/p/items, true",
            "/a*b*c, /aXbYc, true",
            "/a*b*c, /aXbY, false",
            "/*, /, true",
            "/, /, true",
            "/, /x, false",
            "/orders/, /orders, false",          // a trailing slash is part of the path, in the ARN as here
            "/orders/*, /orders/a*b, true"})      // a literal * in a request path is an ordinary character
    void pathPatternsMatchLikeApiGatewayPolicies(String pattern, String path, boolean matches) {
        assertThat(RouteScopes.parse("GET " + pattern + "=s").rules().get(0).matches(arn("GET", path)))
                .isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource({"GET, GET, true", "GET, POST, false", "ANY, POST, true", "*, OPTIONS, true", "head, HEAD, true"})
    void methodMustMatchUnlessAny(String ruleMethod, String requestMethod, boolean matches) {
        RouteRule rule = RouteScopes.parse(ruleMethod + " /a=s").rules().get(0);
        assertThat(rule.matches(arn(requestMethod, "/a"))).isEqualTo(matches);
    }

    @Test
    void anAnyRuleCoversEveryMethodApiGatewaySendsAndOnlyItsOwnPath() {
        RouteRule any = RouteScopes.parse("ANY /admin/*=admin").rules().get(0);
        assertThat(any.methods()).containsExactly(HttpMethod.values());
        assertThat(any.resourceSuffixes()).containsExactly("DELETE/admin/*", "GET/admin/*", "HEAD/admin/*",
                "OPTIONS/admin/*", "PATCH/admin/*", "POST/admin/*", "PUT/admin/*");
        assertThat(any.matches(arn("GET", "/users/admin/x"))).isFalse();
        assertThat(any.matches(arn("PATCH", "/admin/x"))).isTrue();
    }

    private static ApiArn arn(String method, String path) {
        return ApiArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/" + method + path)
                .orElseThrow();
    }
}
