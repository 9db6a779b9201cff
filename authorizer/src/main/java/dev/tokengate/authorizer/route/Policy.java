package dev.tokengate.authorizer.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IAM policy documents in the form API Gateway reads from a Lambda authorizer
 * ({@code {"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":..,"Resource":..}]}}).
 *
 * <p>A token's policy is the same whichever route triggered the call: {@code Allow} on the whole stage plus one
 * explicit {@code Deny} listing, for each rule the token's scopes do not satisfy, the rule's resource for each of
 * its methods (never {@code *} in the method position, see {@link HttpMethod}). API Gateway lets an explicit Deny
 * win over any Allow, so a cached policy answers 403 on exactly the routes the decision core forbids and allows
 * every other one.
 */
public final class Policy {
    public static final String VERSION = "2012-10-17";
    public static final String ACTION = "execute-api:Invoke";

    private Policy() {
    }

    /** The policy of a valid token with this grant. */
    public static Map<String, Object> forGrant(ApiArn arn, RouteGrant grant) {
        List<Map<String, Object>> statements = new ArrayList<>();
        statements.add(statement("Allow", List.of(arn.wholeStage())));
        Set<String> denied = new LinkedHashSet<>();
        for (RouteRule rule : grant.forbidden()) {
            // a rule about another API denies nothing here (and this policy is never evaluated for another API)
            if (rule.appliesTo(arn.apiId())) {
                for (String suffix : rule.resourceSuffixes()) {
                    denied.add(arn.resource(suffix));
                }
            }
        }
        if (!denied.isEmpty()) {
            statements.add(statement("Deny", List.copyOf(denied)));
        }
        return document(statements);
    }

    /** Deny on the whole stage: for a token that is not acceptable anywhere. */
    public static Map<String, Object> denyAll(ApiArn arn) {
        return document(List.of(statement("Deny", List.of(arn.wholeStage()))));
    }

    private static Map<String, Object> document(List<Map<String, Object>> statements) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", VERSION);
        doc.put("Statement", List.copyOf(statements));
        return doc;
    }

    private static Map<String, Object> statement(String effect, List<String> resources) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Action", ACTION);
        s.put("Effect", effect);
        s.put("Resource", resources.size() == 1 ? resources.get(0) : List.copyOf(resources));
        return s;
    }
}
