package dev.tokengate.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes of the local API, as API Gateway resources: a method, a resource template with {@code {param}}
 * segments, where an allowed request goes, and whether the authorizer stands in front (as in template.yaml: every
 * route but the back-channel logout receiver, whose logout token is its own credential).
 */
record Route(String method, String resource, Target target, boolean authorized) {
    /** Where an allowed request is sent. */
    enum Target { HELLO, REVOKE_API }

    static final List<Route> ALL = List.of(
            new Route("GET", "/hello", Target.HELLO, true),
            new Route("POST", "/revocations", Target.REVOKE_API, true),
            new Route("POST", "/revocations/families", Target.REVOKE_API, true),
            new Route("GET", "/revocations/{jti}", Target.REVOKE_API, true),
            new Route("POST", "/users/{sub}/revoke-all", Target.REVOKE_API, true),
            new Route("POST", "/global-token-revocation", Target.REVOKE_API, true),
            new Route("POST", "/backchannel-logout/{issuerId}", Target.REVOKE_API, false));

    /** A route matched against a request path, with its path parameters (decoded). */
    record Match(Route route, Map<String, String> pathParameters) {
    }

    static Optional<Match> find(String method, String path) {
        for (Route route : ALL) {
            if (!route.method.equals(method)) {
                continue;
            }
            Map<String, String> params = route.bind(path);
            if (params != null) {
                return Optional.of(new Match(route, params));
            }
        }
        return Optional.empty();
    }

    /** Literal segments must match exactly; a {@code {param}} segment matches one non-empty segment. */
    private Map<String, String> bind(String path) {
        String[] want = resource.substring(1).split("/", -1);
        String[] got = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (got[i].isEmpty()) {
                    return null;
                }
                params.put(want[i].substring(1, want[i].length() - 1), got[i]);
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
    }
}
