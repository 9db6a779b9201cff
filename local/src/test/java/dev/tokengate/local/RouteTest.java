package dev.tokengate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {
    @Test
    void bindsPathParameters() {
        Route.Match m = Route.find("POST", "/users/alice/revoke-all").orElseThrow();
        assertThat(m.route().resource()).isEqualTo("/users/{sub}/revoke-all");
        assertThat(m.pathParameters()).isEqualTo(Map.of("sub", "alice"));
    }

    @Test
    void prefersLiteralRoutesListedFirst() {
        assertThat(Route.find("POST", "/revocations/families").orElseThrow().route().resource())
                .isEqualTo("/revocations/families");
        assertThat(Route.find("GET", "/revocations/j-1").orElseThrow().pathParameters()).containsEntry("jti", "j-1");
    }

    @Test
    void findsNothingForUnknownMethodsOrPaths() {
        assertThat(Route.find("DELETE", "/hello")).isEmpty();
        assertThat(Route.find("GET", "/hello/x")).isEmpty();
        assertThat(Route.find("POST", "/users//revoke-all")).isEmpty();
    }
}
