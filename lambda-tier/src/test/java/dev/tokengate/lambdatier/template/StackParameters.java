package dev.tokengate.lambdatier.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.SamTransform;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameter values of one test stack, checked against template.yaml's own constraints (AllowedPattern, AllowedValues,
 * Number ranges, lengths) as CloudFormation checks them before it deploys anything. A tier configured with a value
 * the template would refuse would prove nothing about a real stack.
 */
public final class StackParameters {
    private final Map<String, String> values;

    private StackParameters(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static StackParameters of(Map<String, String> values) {
        JsonNode declared = SamTransform.transformed().path("Parameters");
        values.forEach((name, value) -> check(name, value, declared.path(name)));
        return new StackParameters(values);
    }

    /** These values with one more (or a replaced) parameter, checked the same way. */
    public StackParameters with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return of(copy);
    }

    public Map<String, String> values() {
        return values;
    }

    private static void check(String name, String value, JsonNode parameter) {
        if (parameter.isMissingNode()) {
            throw new AssertionError("template.yaml declares no parameter " + name);
        }
        JsonNode pattern = parameter.path("AllowedPattern");
        if (!pattern.isMissingNode() && !value.matches(pattern.asText())) {
            throw refused(name, value, "does not match AllowedPattern " + pattern.asText());
        }
        JsonNode allowed = parameter.path("AllowedValues");
        if (allowed.isArray()) {
            boolean listed = false;
            for (JsonNode option : allowed) {
                listed |= option.asText().equals(value);
            }
            if (!listed) {
                throw refused(name, value, "is not one of AllowedValues " + allowed);
            }
        }
        if (value.length() < parameter.path("MinLength").asInt(0)
                || value.length() > parameter.path("MaxLength").asInt(Integer.MAX_VALUE)) {
            throw refused(name, value, "has a length outside MinLength/MaxLength");
        }
        if ("Number".equals(parameter.path("Type").asText())) {
            checkNumber(name, value, parameter);
        }
    }

    private static void checkNumber(String name, String value, JsonNode parameter) {
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw refused(name, value, "is not a Number");
        }
        JsonNode min = parameter.path("MinValue");
        JsonNode max = parameter.path("MaxValue");
        if ((!min.isMissingNode() && number.compareTo(new BigDecimal(min.asText())) < 0)
                || (!max.isMissingNode() && number.compareTo(new BigDecimal(max.asText())) > 0)) {
            throw refused(name, value, "is outside MinValue/MaxValue");
        }
    }

    private static AssertionError refused(String name, String value, String why) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return new AssertionError("CloudFormation would refuse parameter " + name + "='" + shown + "': " + why);
    }
}
