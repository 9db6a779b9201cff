package dev.tokengate.authorizer.route;

import java.util.List;
import java.util.Map;

/**
 * How API Gateway evaluates an authorizer's policy against a method ARN, for tests: an explicit Deny that matches
 * wins, otherwise an Allow that matches allows, otherwise the request is refused. In resource ARNs {@code *}
 * matches any characters, {@code /} included.
 */
final class PolicyEvaluation {
    private PolicyEvaluation() {
    }

    static boolean allows(Map<String, Object> policyDocument, String methodArn) {
        boolean allowed = false;
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statements = (List<Map<String, Object>>) policyDocument.get("Statement");
        for (Map<String, Object> statement : statements) {
            if (!"execute-api:Invoke".equals(statement.get("Action"))) {
                continue;
            }
            Object resource = statement.get("Resource");
            List<?> resources = resource instanceof List<?> list ? list : List.of(resource);
            boolean matches = resources.stream().anyMatch(r -> RouteRule.Glob.matches((String) r, methodArn));
            if (matches && "Deny".equals(statement.get("Effect"))) {
                return false;
            }
            if (matches && "Allow".equals(statement.get("Effect"))) {
                allowed = true;
            }
        }
        return allowed;
    }
}
