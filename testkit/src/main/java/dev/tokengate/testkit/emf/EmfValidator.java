package dev.tokengate.testkit.emf;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks a log line against the CloudWatch Embedded Metric Format specification ("Specification: Embedded metric
 * format", CloudWatch User Guide), so a test fails on a line CloudWatch Logs would refuse to turn into metrics:
 * <ul>
 *   <li>the line is one JSON object with nothing before or after it, no member twice, at most 256 KB;</li>
 *   <li>{@code _aws} holds exactly {@code Timestamp} (epoch milliseconds) and {@code CloudWatchMetrics} (directives);</li>
 *   <li>a directive holds exactly {@code Namespace} (1-255 characters, not {@code AWS/...}), {@code Dimensions}
 *       (dimension sets of at most 30 names each) and {@code Metrics} (at most 100 definitions);</li>
 *   <li>every dimension a set names is a member of the root with a string value of 1-1,024 characters;</li>
 *   <li>every metric is a member of the root with a number or an array of 1-100 numbers, its definition has a
 *       {@code Name}, and an optional {@code Unit} among CloudWatch's units and {@code StorageResolution} 1 or 60.</li>
 * </ul>
 */
public final class EmfValidator {
    static final int MAX_EVENT_BYTES = 256 * 1024;
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");
    /** Strict: a repeated member or trailing data is an error, not "last one wins". */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EmfValidator() {
    }

    /** Whether the line carries EMF at all (a JSON object with an {@code _aws} member). */
    public static boolean isEmf(String line) {
        try {
            JsonNode root = STRICT.readTree(line);
            return root != null && root.isObject() && root.has("_aws");
        } catch (IOException notJson) {
            return false;
        }
    }

    /** Every rule the line breaks; empty when it is a valid EMF document. */
    public static List<String> problems(String line) {
        List<String> problems = new ArrayList<>();
        if (line.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES) {
            problems.add("longer than a CloudWatch Logs event may be");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(line);
        } catch (IOException e) {
            problems.add("not one strict JSON object: " + e.getMessage().lines().findFirst().orElse(""));
            return problems;
        }
        if (root == null || !root.isObject()) {
            problems.add("not a JSON object");
            return problems;
        }
        JsonNode aws = root.path("_aws");
        if (!aws.isObject()) {
            problems.add("no _aws object");
            return problems;
        }
        onlyMembers(aws, "_aws", Set.of("Timestamp", "CloudWatchMetrics"), problems);
        JsonNode timestamp = aws.path("Timestamp");
        if (!timestamp.isIntegralNumber() || timestamp.asLong() <= 0) {
            problems.add("_aws.Timestamp must be epoch milliseconds, was " + timestamp);
        }
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!directives.isArray()) {
            problems.add("_aws.CloudWatchMetrics must be an array");
            return problems;
        }
        for (JsonNode directive : directives) {
            directive(root, directive, problems);
        }
        return problems;
    }

    /** Fails with every problem and the line. */
    public static void assertValid(String line) {
        List<String> problems = problems(line);
        if (!problems.isEmpty()) {
            throw new AssertionError("not a valid EMF document: " + problems + "\n" + line);
        }
    }

    private static void directive(JsonNode root, JsonNode directive, List<String> problems) {
        if (!directive.isObject()) {
            problems.add("a directive must be an object: " + directive);
            return;
        }
        onlyMembers(directive, "directive", Set.of("Namespace", "Dimensions", "Metrics"), problems);
        JsonNode namespace = directive.path("Namespace");
        if (!namespace.isTextual() || namespace.asText().isEmpty() || namespace.asText().length() > 255
                || namespace.asText().startsWith("AWS/")) {
            problems.add("Namespace must be 1-255 characters and not AWS/...: " + namespace);
        }
        JsonNode sets = directive.path("Dimensions");
        if (!sets.isArray()) {
            problems.add("Dimensions must be an array of dimension sets");
        } else {
            for (JsonNode set : sets) {
                dimensionSet(root, set, problems);
            }
        }
        JsonNode metrics = directive.path("Metrics");
        if (!metrics.isArray() || metrics.size() > 100) {
            problems.add("Metrics must be an array of at most 100 definitions");
            return;
        }
        for (JsonNode definition : metrics) {
            metric(root, definition, problems);
        }
    }

    private static void dimensionSet(JsonNode root, JsonNode set, List<String> problems) {
        if (!set.isArray() || set.size() > 30) {
            problems.add("a dimension set must be an array of at most 30 names: " + set);
            return;
        }
        for (JsonNode key : set) {
            JsonNode value = key.isTextual() ? root.get(key.asText()) : null;
            if (value == null) {
                problems.add("dimension " + key + " is not a member of the root");
            } else if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > 1024) {
                problems.add("dimension " + key + " must be a string of 1-1024 characters, was " + value);
            }
        }
    }

    private static void metric(JsonNode root, JsonNode definition, List<String> problems) {
        JsonNode name = definition.path("Name");
        if (!name.isTextual() || name.asText().isEmpty() || name.asText().length() > 255) {
            problems.add("a metric definition needs a Name: " + definition);
            return;
        }
        onlyMembers(definition, "metric " + name.asText(), Set.of("Name", "Unit", "StorageResolution"), problems);
        if (definition.has("Unit") && !UNITS.contains(definition.path("Unit").asText())) {
            problems.add("metric " + name + " has an unknown Unit " + definition.path("Unit"));
        }
        if (definition.has("StorageResolution")
                && !Set.of(1, 60).contains(definition.path("StorageResolution").asInt(-1))) {
            problems.add("metric " + name + " has a StorageResolution other than 1 or 60");
        }
        JsonNode value = root.get(name.asText());
        if (value == null) {
            problems.add("metric " + name + " is not a member of the root");
        } else if (value.isArray()) {
            if (value.isEmpty() || value.size() > 100) {
                problems.add("metric " + name + " must have 1-100 values");
            }
            value.forEach(v -> {
                if (!v.isNumber()) {
                    problems.add("metric " + name + " has a value that is not a number: " + v);
                }
            });
        } else if (!value.isNumber()) {
            problems.add("metric " + name + " must be a number, was " + value);
        }
    }

    private static void onlyMembers(JsonNode node, String what, Set<String> allowed, List<String> problems) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(what + " has a member the specification does not define: " + name);
            }
        }
    }
}
