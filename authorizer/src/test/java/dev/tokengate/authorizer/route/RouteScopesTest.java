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
                new RouteRule(Optional.of(HttpMethod.GET), "/orders/*", Set.of("orders:read", "orders:admin")),
                new RouteRule(Optional.of(HttpMethod.POST), "/orders", Set.of("orders:write")),
                new RouteRule(Optional.empty(), "/admin/*", Set.of("admin")));
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
