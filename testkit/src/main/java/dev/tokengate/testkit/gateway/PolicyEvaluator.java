package dev.tokengate.testkit.gateway;

import java.util.List;
import java.util.Map;

/**
 * Evaluates an authorizer's IAM policy against a method ARN the way API Gateway does for {@code execute-api:Invoke}:
 * an explicit Deny that matches wins, otherwise a matching Allow is needed. In resource patterns {@code *} matches
 * any run of characters (slashes included) and {@code ?} one character, as IAM documents for resource ARNs.
 *
 * <p>Written independently of the authorizer's own route matching, so that tests comparing the two can catch a
 * disagreement. The local runner's API Gateway stand-in evaluates cached answers with it too.
 */
public final class PolicyEvaluator {
    /** The three outcomes API Gateway distinguishes (both denials answer 403, with different messages). */
    public enum Verdict { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    private PolicyEvaluator() {
    }

    public static Verdict evaluate(Object policyDocument, String methodArn) {
        if (!(policyDocument instanceof Map<?, ?> policy)) {
            return Verdict.IMPLICIT_DENY;
        }
        boolean allowed = false;
        for (Object statement : asList(policy.get("Statement"))) {
            if (!(statement instanceof Map<?, ?> s)) {
                continue;
            }
            if (!matchesAny(asList(s.get("Action")), "execute-api:Invoke")
                    || !matchesAny(asList(s.get("Resource")), methodArn)) {
                continue;
            }
            Object effect = s.get("Effect");
            if ("Deny".equals(effect)) {
                return Verdict.EXPLICIT_DENY;
            }
            if ("Allow".equals(effect)) {
                allowed = true;
            }
        }
        return allowed ? Verdict.ALLOW : Verdict.IMPLICIT_DENY;
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        return value == null ? List.of() : List.of(value);
    }

    private static boolean matchesAny(List<?> patterns, String value) {
        for (Object pattern : patterns) {
            if (pattern instanceof String p && wildcardMatch(p, value)) {
                return true;
            }
        }
        return false;
    }

    /** Iterative glob match with backtracking on the last {@code *}: linear in practice, no regex compilation. */
    public static boolean wildcardMatch(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            // '*' first: a literal '*' in the value (a request path may hold one) is text, never a wildcard
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
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
