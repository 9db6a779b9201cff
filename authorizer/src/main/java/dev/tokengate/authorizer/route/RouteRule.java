package dev.tokengate.authorizer.route;

import java.util.Set;

/**
 * One {@code ROUTE_SCOPES} rule: requests whose method and path match need at least one of {@link #scopes}.
 *
 * <p>Matching deliberately follows API Gateway's own policy matching, so that the rule the decision core applies
 * and the explicit {@code Deny} statement API Gateway evaluates on a cached policy always agree: {@code *} matches
 * any run of characters, {@code /} included, and everything else is compared case-sensitively.
 *
 * @param method an upper-case HTTP method, or {@code *} for any
 * @param pathPattern starts with {@code /}; {@code *} is the only wildcard
 * @param scopes the token needs at least one of them
 */
public record RouteRule(String method, String pathPattern, Set<String> scopes) {

    public RouteRule {
        scopes = Set.copyOf(scopes);
    }

    public boolean matches(String requestMethod, String requestPath) {
        return ("*".equals(method) || method.equals(requestMethod)) && Glob.matches(pathPattern, requestPath);
    }

    public boolean isSatisfiedBy(Set<String> granted) {
        for (String scope : scopes) {
            if (granted.contains(scope)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code <METHOD>/<path>} tail of the execute-api resource ARN this rule covers. */
    public String resourceSuffix() {
        return method + pathPattern;
    }

    @Override
    public String toString() {
        return method + " " + pathPattern + "=" + String.join(" ", scopes.stream().sorted().toList());
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
