package dev.tokengate.authorizer.route;

import dev.tokengate.core.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code ROUTE_SCOPES} rules: {@code METHOD /path/pattern=scope1 scope2;METHOD /other=scope3}.
 *
 * <ul>
 *   <li>A token needs at least one of a rule's scopes (as with API Gateway's own {@code authorizationScopes}).</li>
 *   <li>A request must satisfy <em>every</em> rule that matches it; there is no first-match order. That is exactly
 *       how an explicit {@code Deny} per unsatisfied rule behaves in the policy, so the decision and a cached policy
 *       never disagree.</li>
 *   <li>A route no rule matches needs only a valid, unrevoked token.</li>
 * </ul>
 */
public record RouteScopes(List<RouteRule> rules) {
    public static final String VARIABLE = "ROUTE_SCOPES";
    public static final RouteScopes NONE = new RouteScopes(List.of());

    /** The spellings of a rule for every method. */
    private static final Set<String> ANY = Set.of("ANY", "*");
    /** A bound on the policy size: every unsatisfied rule becomes one statement. */
    static final int MAX_RULES = 100;

    public RouteScopes {
        rules = List.copyOf(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The token's grant: the rules its scopes leave unsatisfied. Independent of the requested route. */
    public RouteGrant grantFor(Set<String> grantedScopes) {
        if (rules.isEmpty()) {
            return RouteGrant.EVERYTHING;
        }
        List<RouteRule> forbidden = new ArrayList<>();
        for (RouteRule rule : rules) {
            if (!rule.isSatisfiedBy(grantedScopes)) {
                forbidden.add(rule);
            }
        }
        return forbidden.isEmpty() ? RouteGrant.EVERYTHING : new RouteGrant(forbidden);
    }

    /** Parses the variable's value; an empty value means no rules. Fails naming {@code ROUTE_SCOPES}. */
    public static RouteScopes parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        List<RouteRule> rules = new ArrayList<>();
        int index = 0;
        for (String raw : value.split(";")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            index++;
            rules.add(parseRule(entry, index));
        }
        if (rules.size() > MAX_RULES) {
            throw new ConfigException(VARIABLE, "at most " + MAX_RULES + " rules are supported, found " + rules.size());
        }
        return new RouteScopes(rules);
    }

    private static RouteRule parseRule(String entry, int index) {
        String where = "rule " + index + " ('" + entry + "')";
        int equals = entry.indexOf('=');
        if (equals < 0 || entry.indexOf('=', equals + 1) >= 0) {
            throw new ConfigException(VARIABLE, where + " must have the form 'METHOD /path=scope1 scope2'");
        }
        String[] route = entry.substring(0, equals).trim().split("\\s+");
        if (route.length != 2) {
            throw new ConfigException(VARIABLE, where + " must name one method and one path before '='");
        }
        String name = route[0].toUpperCase(Locale.ROOT);
        Optional<HttpMethod> method = HttpMethod.named(name);
        if (method.isEmpty() && !ANY.contains(name)) {
            throw new ConfigException(VARIABLE, where + ": method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, "
                    + "OPTIONS, ANY or *");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : entry.substring(equals + 1).trim().split("\\s+")) {
            if (!scope.isEmpty()) {
                scopes.add(scope);
            }
        }
        try {
            return new RouteRule(method, route[1], scopes);
        } catch (IllegalArgumentException refused) {
            throw new ConfigException(VARIABLE, where + ": " + refused.getMessage());
        }
    }
}
