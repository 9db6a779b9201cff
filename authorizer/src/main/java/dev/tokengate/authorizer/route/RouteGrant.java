package dev.tokengate.authorizer.route;

import java.util.List;

/**
 * What one token may call in an API stage: everything except the routes of the rules its scopes do not satisfy.
 * It depends only on the token and the configuration, never on the route being requested, which is what makes
 * the policy built from it safe for API Gateway to cache and reuse on any route.
 *
 * @param forbidden the rules the token's scopes do not satisfy, in configuration order
 */
public record RouteGrant(List<RouteRule> forbidden) {
    public static final RouteGrant EVERYTHING = new RouteGrant(List.of());

    public RouteGrant {
        forbidden = List.copyOf(forbidden);
    }

    /** Whether this request (its API, method and path, from API Gateway's ARN) is outside every forbidden rule. */
    public boolean permits(ApiArn request) {
        for (RouteRule rule : forbidden) {
            if (rule.matches(request)) {
                return false;
            }
        }
        return true;
    }
}
