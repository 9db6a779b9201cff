package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.SamTransform;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lambda refuses a function whose environment variables exceed 4 KB in total, and the refusal comes at deploy time
 * (UpdateFunctionConfiguration fails, the stack rolls back). Every free-form parameter that reaches a function has a
 * MaxLength, and with every one of them at its maximum the environment still fits, measured as the JSON object
 * Lambda stores ({@code {"NAME":"value",...}}, UTF-8) against a 4,000-byte budget.
 */
class EnvironmentSizeTest {
    static final int BUDGET_BYTES = 4_000;
    /** The longest name DynamoDB gives a table (CloudFormation's generated names are shorter). */
    static final int LONGEST_TABLE_NAME = 255;
    /**
     * The configurations the Rules section allows, each as the parameters it leaves empty: one issuer with a JWKS URL,
     * one issuer with an inline key set, or issuer profiles (then the single-issuer variables are not set at all).
     */
    static final List<Set<String>> ALTERNATIVES = List.of(
            Set.of("TrustedIssuers", "Jwks"),
            Set.of("TrustedIssuers", "JwksUrl"),
            Set.of("JwtIssuer", "JwtAudience", "JwksUrl", "Jwks"));

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void theLargestDocumentedConfigurationFitsLambdasEnvironmentLimit(DeployedFunction function) throws Exception {
        JsonNode parameters = SamTransform.transformed().path("Parameters");
        Set<String> referenced = referencedParameters(function);
        int largest = 0;
        for (Set<String> left : ALTERNATIVES) {
            Map<String, String> values = new HashMap<>(HandlerAndConfigTest.BASE);
            values.putAll(DeployedFunction.COGNITO_ON); // deploys the optional function; the others ignore it
            for (String name : referenced) {
                values.put(name, left.contains(name) ? "" : longest(name, parameters.path(name)));
            }
            JsonNode variables = new Intrinsics(SamTransform.transformed(), values).evaluate(
                    SamTransform.resource(SamTransform.transformed(), function.logicalId).path("Properties")
                            .path("Environment").path("Variables"));
            Map<String, String> env = new LinkedHashMap<>();
            variables.fields().forEachRemaining(v -> env.put(v.getKey(),
                    v.getValue().asText().startsWith("ref:") ? "t".repeat(LONGEST_TABLE_NAME) : v.getValue().asText()));
            largest = Math.max(largest, new ObjectMapper().writeValueAsString(env)
                    .getBytes(StandardCharsets.UTF_8).length);
        }
        System.out.printf("environment: %s at the documented maximum: %d of %d bytes%n", function.logicalId, largest,
                BUDGET_BYTES);
        assertThat(largest).isLessThanOrEqualTo(BUDGET_BYTES);
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void everyFreeFormParameterReachingAFunctionHasAMaximumLength(DeployedFunction function) {
        JsonNode parameters = SamTransform.transformed().path("Parameters");
        for (String name : referencedParameters(function)) {
            JsonNode parameter = parameters.path(name);
            if (parameter.path("Type").asText().equals("String") && !parameter.has("AllowedValues")) {
                assertThat(parameter.has("MaxLength")).as("%s needs a MaxLength", name).isTrue();
            }
        }
    }

    private static String longest(String name, JsonNode parameter) {
        if (parameter.has("AllowedValues")) {
            String longest = "";
            for (JsonNode value : parameter.path("AllowedValues")) {
                longest = value.asText().length() > longest.length() ? value.asText() : longest;
            }
            return longest;
        }
        if (parameter.has("MaxValue")) {
            return parameter.path("MaxValue").asText();
        }
        assertThat(parameter.has("MaxLength")).as("%s has a MaxLength", name).isTrue();
        return "x".repeat(parameter.path("MaxLength").asInt());
    }

    private static Set<String> referencedParameters(DeployedFunction function) {
        Set<String> names = new TreeSet<>();
        JsonNode variables = SamTransform.resource(SamTransform.transformed(), function.logicalId).path("Properties")
                .path("Environment").path("Variables");
        variables.forEach(value -> collect(value, names));
        names.retainAll(fieldNames(SamTransform.transformed().path("Parameters")));
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject() && node.has("Ref")) {
            names.add(node.get("Ref").asText());
        }
        node.forEach(child -> collect(child, names));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
