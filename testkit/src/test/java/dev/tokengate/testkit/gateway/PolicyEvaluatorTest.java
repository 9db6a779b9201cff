package dev.tokengate.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:localapi/local/GET/hello";

    static Map<String, Object> policy(Object... statements) {
        return Map.of("Version", "2012-10-17", "Statement", List.of(statements));
    }

    static Map<String, Object> statement(String effect, Object resource) {
        return Map.of("Action", "execute-api:Invoke", "Effect", effect, "Resource", resource);
    }

    @Test
    void allowsWhenAWildcardAllowMatches() {
        Object p = policy(statement("Allow", "arn:aws:execute-api:us-east-1:123456789012:localapi/local/*/*"));
        assertThat(PolicyEvaluator.evaluate(p, ARN)).isEqualTo(PolicyEvaluator.Verdict.ALLOW);
    }

    @Test
    void explicitDenyWinsOverAllow() {
        Object p = policy(statement("Allow", "arn:aws:execute-api:*"), statement("Deny", List.of(ARN)));
        assertThat(PolicyEvaluator.evaluate(p, ARN)).isEqualTo(PolicyEvaluator.Verdict.EXPLICIT_DENY);
    }

    @Test
    void deniesImplicitlyWhenNothingMatches() {
        Object p = policy(statement("Allow", "arn:aws:execute-api:us-east-1:123456789012:localapi/local/POST/*"));
        assertThat(PolicyEvaluator.evaluate(p, ARN)).isEqualTo(PolicyEvaluator.Verdict.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(policy(), ARN)).isEqualTo(PolicyEvaluator.Verdict.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate("not a policy", ARN)).isEqualTo(PolicyEvaluator.Verdict.IMPLICIT_DENY);
    }

    @Test
    void ignoresStatementsForOtherActions() {
        Object p = policy(Map.of("Action", "s3:GetObject", "Effect", "Allow", "Resource", "*"));
        assertThat(PolicyEvaluator.evaluate(p, ARN)).isEqualTo(PolicyEvaluator.Verdict.IMPLICIT_DENY);
    }

    @Test
    void matchesWildcardsAsApiGatewayDoes() {
        assertThat(PolicyEvaluator.wildcardMatch("a*c", "abbbc")).isTrue();
        assertThat(PolicyEvaluator.wildcardMatch("a*/GET/*", "a/b/GET/x/y")).isTrue();
        assertThat(PolicyEvaluator.wildcardMatch("a?c", "abc")).isTrue();
        assertThat(PolicyEvaluator.wildcardMatch("a?c", "ac")).isFalse();
        assertThat(PolicyEvaluator.wildcardMatch("abc", "abcd")).isFalse();
        assertThat(PolicyEvaluator.wildcardMatch("*", "")).isTrue();
    }

    @Test
    void aStarInTheValueIsText() {
        // found by CachedPolicyAgreementTest: a '*' in the request path was matched as a literal against the
        // pattern's wildcard, so a/GET/* did not cover a/GET/*/x
        assertThat(PolicyEvaluator.wildcardMatch("a/GET/*", "a/GET/*/x")).isTrue();
        assertThat(PolicyEvaluator.wildcardMatch("*/x", "*/x")).isTrue();
        assertThat(PolicyEvaluator.wildcardMatch("a*", "*")).isFalse();
    }
}
