package dev.tokengate.testkit.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions for one set of parameter values, the way CloudFormation does at
 * deploy time: conditions decide which resources and branches exist, Fn::Select out of range is an error, and
 * {@code AWS::NoValue} removes the property. What only exists after deployment is written symbolically:
 * {@code Ref} to a resource is {@code ref:<LogicalId>}, {@code Fn::GetAtt} is {@code getatt:<LogicalId>.<Attribute>}.
 *
 * <p>This is how the checks assert on the values a user's choices actually produce (the cache-flush ARNs, the
 * per-API invoke permissions) instead of on the shape of the template's string plumbing.
 */
public final class Intrinsics {
    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "123456789012";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");

    private final JsonNode template;
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<String, Boolean> conditions = new HashMap<>();

    /**
     * @param template a CloudFormation template (the transform's output)
     * @param values parameter values; parameters not named here take their Default
     */
    public Intrinsics(JsonNode template, Map<String, String> values) {
        this.template = template;
        template.path("Parameters").fields().forEachRemaining(p -> {
            JsonNode fallback = p.getValue().path("Default");
            if (!fallback.isMissingNode()) {
                parameters.put(p.getKey(), fallback.asText());
            }
        });
        parameters.putAll(values);
        parameters.put("AWS::Region", REGION);
        parameters.put("AWS::AccountId", ACCOUNT);
        parameters.put("AWS::Partition", "aws");
        parameters.put("AWS::StackName", "tokengate");
        parameters.put("AWS::URLSuffix", "amazonaws.com");
    }

    public String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new AssertionError("parameter " + name + " has no value and no default");
        }
        return value;
    }

    public boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        JsonNode definition = template.path("Conditions").path(name);
        if (definition.isMissingNode()) {
            throw new AssertionError("no condition " + name);
        }
        JsonNode value = evaluate(definition);
        if (value == null || !value.isBoolean()) {
            throw new AssertionError("condition " + name + " is not a boolean: " + value);
        }
        conditions.put(name, value.booleanValue());
        return value.booleanValue();
    }

    /** Whether a resource exists for these parameter values. */
    public boolean exists(JsonNode resource) {
        JsonNode condition = resource.path("Condition");
        return condition.isMissingNode() || condition(condition.asText());
    }

    /** The evaluated node, or null where {@code AWS::NoValue} removed it. */
    public JsonNode evaluate(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode item : node) {
                JsonNode value = evaluate(item);
                if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                return function(key, node.get(key));
            }
        }
        ObjectNode out = NODES.objectNode();
        node.fields().forEachRemaining(field -> {
            JsonNode value = evaluate(field.getValue());
            if (value != null) {
                out.set(field.getKey(), value);
            }
        });
        return out;
    }

    /** The evaluated node as text (fails if it is not a scalar). */
    public String text(JsonNode node) {
        JsonNode value = evaluate(node);
        if (value == null || value.isContainerNode()) {
            throw new AssertionError("not a string: " + node);
        }
        return value.asText();
    }

    private JsonNode function(String name, JsonNode args) {
        switch (name) {
            case "Ref":
                return ref(args.asText());
            case "Condition":
                return BooleanNode.valueOf(condition(args.asText()));
            case "Fn::GetAtt": {
                String target = args.isArray() ? args.get(0).asText() + "." + args.get(1).asText() : args.asText();
                return TextNode.valueOf("getatt:" + target);
            }
            case "Fn::If":
                return evaluate(condition(args.get(0).asText()) ? args.get(1) : args.get(2));
            case "Fn::Equals":
                return BooleanNode.valueOf(text(args.get(0)).equals(text(args.get(1))));
            case "Fn::Not":
                return BooleanNode.valueOf(!bool(args.get(0)));
            case "Fn::And": {
                boolean all = true;
                for (JsonNode arg : args) {
                    all &= bool(arg);
                }
                return BooleanNode.valueOf(all);
            }
            case "Fn::Or": {
                boolean any = false;
                for (JsonNode arg : args) {
                    any |= bool(arg);
                }
                return BooleanNode.valueOf(any);
            }
            case "Fn::Select": {
                int index = Integer.parseInt(text(args.get(0)));
                JsonNode list = evaluate(args.get(1));
                if (list == null || !list.isArray() || index < 0 || index >= list.size()) {
                    throw new AssertionError("Fn::Select index " + index + " out of range of " + list
                            + ": CloudFormation would fail the deployment");
                }
                return list.get(index);
            }
            case "Fn::Split": {
                ArrayNode out = NODES.arrayNode();
                // CloudFormation keeps empty pieces, trailing ones included.
                for (String piece : text(args.get(1)).split(Pattern.quote(args.get(0).asText()), -1)) {
                    out.add(piece);
                }
                return out;
            }
            case "Fn::Join": {
                StringBuilder joined = new StringBuilder();
                Iterator<JsonNode> items = evaluate(args.get(1)).elements();
                while (items.hasNext()) {
                    joined.append(items.next().asText());
                    if (items.hasNext()) {
                        joined.append(args.get(0).asText());
                    }
                }
                return TextNode.valueOf(joined.toString());
            }
            case "Fn::Sub":
                return TextNode.valueOf(sub(args));
            case "Fn::FindInMap":
                return template.path("Mappings").path(text(args.get(0))).path(text(args.get(1))).path(text(args.get(2)));
            default:
                throw new AssertionError("unsupported intrinsic " + name);
        }
    }

    private JsonNode ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return null;
        }
        String value = parameters.get(name);
        if (value != null) {
            return TextNode.valueOf(value);
        }
        if (template.path("Resources").has(name)) {
            return TextNode.valueOf("ref:" + name);
        }
        throw new AssertionError("Ref to unknown name " + name);
    }

    private boolean bool(JsonNode node) {
        JsonNode value = evaluate(node);
        if (value == null || !value.isBoolean()) {
            throw new AssertionError("not a condition: " + node);
        }
        return value.booleanValue();
    }

    private String sub(JsonNode args) {
        String source = args.isArray() ? args.get(0).asText() : args.asText();
        Map<String, String> local = new HashMap<>();
        if (args.isArray()) {
            args.get(1).fields().forEachRemaining(v -> local.put(v.getKey(), text(v.getValue())));
        }
        Matcher m = SUB_VARIABLE.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + m.group(2) + "}";
            } else if (local.containsKey(m.group(2))) {
                replacement = local.get(m.group(2));
            } else if (parameters.containsKey(m.group(2))) {
                replacement = parameters.get(m.group(2));
            } else if (m.group(2).contains(".")) {
                replacement = "getatt:" + m.group(2);
            } else {
                replacement = ref(m.group(2)).asText();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
