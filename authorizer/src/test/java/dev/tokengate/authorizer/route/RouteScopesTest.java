package dev.tokengate.authorizer.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.core.config.ConfigException;
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
                new RouteRule("GET", "/orders/*", Set.of("orders:read", "orders:admin")),
                new RouteRule("POST", "/orders", Set.of("orders:write")),
                new RouteRule("*", "/admin/*", Set.of("admin")));
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
        assertThat(scopes.grantFor(Set.of("orders:admin")).permits("GET", "/orders/1")).isTrue();
        assertThat(scopes.grantFor(Set.of("orders:read")).permits("GET", "/orders/1")).isTrue();
        assertThat(scopes.grantFor(Set.of("profile")).permits("GET", "/orders/1")).isFalse();
    }

    @Test
    void everyMatchingRuleMustBeSatisfied() {
        RouteScopes scopes = RouteScopes.parse("* /orders/*=orders;DELETE /orders/*=orders:delete");
        assertThat(scopes.grantFor(Set.of("orders")).permits("GET", "/orders/1")).isTrue();
        assertThat(scopes.grantFor(Set.of("orders")).permits("DELETE", "/orders/1")).isFalse();
        assertThat(scopes.grantFor(Set.of("orders:delete")).permits("DELETE", "/orders/1")).isFalse();
        assertThat(scopes.grantFor(Set.of("orders", "orders:delete")).permits("DELETE", "/orders/1")).isTrue();
    }

    @Test
    void routesNoRuleNamesNeedNoScope() {
        RouteScopes scopes = RouteScopes.parse("GET /orders/*=orders:read");
        assertThat(scopes.grantFor(Set.of()).permits("GET", "/health")).isTrue();
        assertThat(scopes.grantFor(Set.of()).permits("POST", "/orders/1")).isTrue();
    }

    @Test
    void theGrantDependsOnlyOnTheScopes() {
        RouteScopes scopes = RouteScopes.parse("GET /a=x;GET /b=y");
        assertThat(scopes.grantFor(Set.of("x")).forbidden()).containsExactly(new RouteRule("GET", "/b", Set.of("y")));
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
            "/*, /, true"})
    void pathPatternsMatchLikeApiGatewayPolicies(String pattern, String path, boolean matches) {
        assertThat(new RouteRule("GET", pattern, Set.of("s")).matches("GET", path)).isEqualTo(matches);
    }

    @Test
    void methodMustMatchUnlessAny() {
        assertThat(new RouteRule("GET", "/a", Set.of("s")).matches("POST", "/a")).isFalse();
        assertThat(new RouteRule("*", "/a", Set.of("s")).matches("POST", "/a")).isTrue();
    }
}
