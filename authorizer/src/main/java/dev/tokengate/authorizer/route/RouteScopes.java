package dev.tokengate.authorizer.route;

import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.log.JsonLine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code ROUTE_SCOPES} rules: {@code METHOD /path/pattern=scope1 scope2;METHOD /other=scope3}, where a rule may
 * name the one API it is about: {@code METHOD abc123def4:/path=scope}.
 *
 * <ul>
 *   <li>The path is the one inside the execute-api ARN API Gateway sends: REST, the resource path under the stage
 *       (no stage, no custom-domain base path); HTTP API, the request path without the stage prefix. A rule that
 *       could never match such a path is refused (see {@link RouteRule}).</li>
 *   <li>A rule without an API id applies to every API the authorizer is attached to.</li>
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
    /** A bound on the policy size: every unsatisfied rule becomes a Deny resource per method (up to 7). */
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

    /**
     * For the init log: a JSON array with, per rule, its text, the API it is about ({@code *}: every API) and the
     * execute-api ARN resources it matches, so an operator sees the path form a rule is compared with.
     */
    public String describeJson() {
        StringBuilder json = new StringBuilder("[");
        for (RouteRule rule : rules) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"rule\":").append(JsonLine.quoted(rule.toString()))
                    .append(",\"apiId\":").append(JsonLine.quoted(rule.apiId().orElse("*")))
                    .append(",\"arnResources\":[");
            List<String> forms = rule.arnForms();
            for (int i = 0; i < forms.size(); i++) {
                json.append(i == 0 ? "" : ",").append(JsonLine.quoted(forms.get(i)));
            }
            json.append("]}");
        }
        return json.append(']').toString();
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
            throw new ConfigException(VARIABLE, where + " must have the form 'METHOD /path=scope1 scope2' (or "
                    + "'METHOD abc123def4:/path=scope1' for one API)");
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
        // METHOD /path, or METHOD <apiId>:/path for a rule about one API only
        String target = route[1];
        int colon = target.indexOf(':');
        Optional<String> apiId = target.startsWith("/") || colon < 0 ? Optional.empty()
                : Optional.of(target.substring(0, colon));
        String path = apiId.isPresent() ? target.substring(colon + 1) : target;
        try {
            return new RouteRule(apiId, method, path, scopes);
        } catch (IllegalArgumentException refused) {
            throw new ConfigException(VARIABLE, where + ": " + refused.getMessage());
        }
    }
}
