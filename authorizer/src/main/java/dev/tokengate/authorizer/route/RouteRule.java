package dev.tokengate.authorizer.route;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code ROUTE_SCOPES} rule: requests whose API, method and path match need at least one of {@link #scopes}.
 *
 * <p>The rule is matched against the execute-api ARN API Gateway sends, and its policy form is that ARN's resource
 * with the rule's method and path pattern. Both read a request the same way, so the rule the decision core applies
 * and the explicit {@code Deny} API Gateway evaluates on a cached policy always agree: the method is compared
 * exactly ({@code ANY} is each of the {@link HttpMethod}s, one policy resource per method), and in the path
 * {@code *} matches any run of characters, {@code /} included; everything else is compared case-sensitively.
 *
 * <p>Every rule here can match some path API Gateway sends; the constructor refuses the rest.
 *
 * @param apiId the one API (10 lower-case letters and digits) this rule applies to; empty: every API
 * @param method the one method this rule covers; empty: {@code ANY}
 * @param pathPattern the path inside the ARN, starting with {@code /}; {@code *} is the only wildcard
 * @param scopes the token needs at least one of them
 */
public record RouteRule(Optional<String> apiId, Optional<HttpMethod> method, String pathPattern, Set<String> scopes) {
    /** API Gateway's API ids: 10 characters, lower-case letters and digits. */
    static final Pattern API_ID = Pattern.compile("[a-z0-9]{10}");

    /**
     * @throws IllegalArgumentException naming the reason, for a rule that could never match (or could not be relied
     *         on to match) an execute-api ARN's path, or could not be written as a policy resource
     */
    public RouteRule {
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathPattern, "pathPattern");
        scopes = Set.copyOf(scopes);
        if (apiId.isPresent() && !API_ID.matcher(apiId.get()).matches()) {
            throw new IllegalArgumentException("API id '" + apiId.get() + "' is not an API Gateway API id "
                    + "(10 lower-case letters and digits, as in abc123def4:/path)");
        }
        checkPath(pathPattern);
        if (scopes.isEmpty() || scopes.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("names no scope after '='");
        }
    }

    private static void checkPath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with / (or name its API: abc123def4:/path)");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("path has a control or space character");
            }
            if (c == '?') {
                // '?' is a single-character wildcard in policy matching, and a query string is never part of the
                // ARN: refuse it rather than let the decision core and API Gateway read the same pattern differently.
                throw new IllegalArgumentException("'?' is not allowed: the ARN holds no query string, and in a "
                        + "policy '?' is a wildcard");
            }
            if (c == '{' || c == '}') {
                // The ARN API Gateway evaluates holds the concrete path, never {param}: such a rule would match
                // nothing and silently protect nothing.
                throw new IllegalArgumentException("write path parameters as * (e.g. /orders/*), not {name}: the ARN "
                        + "holds the request's concrete path");
            }
            if (c == '#') {
                throw new IllegalArgumentException("'#' is not allowed: a fragment is never sent to the API");
            }
            if (c == '%') {
                // Whether the ARN carries a percent-escape or the character it stands for is not documented: a rule
                // spelled either way may match nothing. '*' covers the segment whichever way it is written.
                throw new IllegalArgumentException("'%' is not allowed: the ARN's form of an escaped character is not "
                        + "documented, so the rule could match nothing; use * for that part");
            }
        }
        if (path.contains("//")) {
            throw new IllegalArgumentException("'//' never occurs in an API Gateway resource path (no empty "
                    + "segments)");
        }
    }

    /** Whether this rule is about the API {@code apiId} (a rule that names no API applies to every API). */
    public boolean appliesTo(String requestApiId) {
        return apiId.isEmpty() || apiId.get().equals(requestApiId);
    }

    /** The request's API, method and path, exactly as the ARN gives them. */
    public boolean matches(ApiArn request) {
        return appliesTo(request.apiId()) && method.map(m -> m == request.method()).orElse(true)
                && Glob.matches(pathPattern, request.path());
    }

    public boolean isSatisfiedBy(Set<String> granted) {
        for (String scope : scopes) {
            if (granted.contains(scope)) {
                return true;
            }
        }
        return false;
    }

    /** The methods this rule covers: its one method, or every method for {@code ANY}. */
    public Set<HttpMethod> methods() {
        return method.map(EnumSet::of).orElseGet(() -> EnumSet.allOf(HttpMethod.class));
    }

    /** The {@code <METHOD>/<path>} tails of the execute-api resource ARNs this rule covers, one per method. */
    public List<String> resourceSuffixes() {
        return methods().stream().map(m -> m.name() + pathPattern).toList();
    }

    /** The ARN resources this rule matches, for humans: {@code <apiId>/<stage>/GET/admin/*} per method. */
    public List<String> arnForms() {
        String api = apiId.orElse("<apiId>");
        return resourceSuffixes().stream().map(suffix -> api + "/<stage>/" + suffix).toList();
    }

    @Override
    public String toString() {
        return method.map(HttpMethod::name).orElse("ANY") + " " + apiId.map(id -> id + ":").orElse("") + pathPattern
                + "=" + String.join(" ", scopes.stream().sorted().toList());
    }

    /** {@code *}-only glob matching, linear time with single backtracking (no regex, no catastrophic patterns). */
    static final class Glob {
        private Glob() {
        }

        static boolean matches(String pattern, String text) {
            int p = 0;
            int t = 0;
            int star = -1;
            int resume = 0;
            while (t < text.length()) {
                if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    resume = t;
                } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                    p++;
                    t++;
                } else if (star >= 0) {
                    p = star + 1;
                    t = ++resume;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }
}
