package dev.tokengate.audit.handler;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tokengate.hardening.Events;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Stream records as JSON trees, and the DynamodbEvent the Lambda runtime's serializer makes of them. */
final class StreamRecords {
    private StreamRecords() {
    }

    /** The records of a sample event in {@code events/ttl-cleanup-fn/}. */
    static List<ObjectNode> sample(String name) {
        try {
            JsonNode root = Events.JSON.readTree(Events.text("ttl-cleanup-fn", name));
            List<ObjectNode> out = new ArrayList<>();
            root.get("Records").forEach(r -> out.add((ObjectNode) r));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event the runtime hands the handler for these records (its own serializer, as in Lambda). */
    static DynamodbEvent event(List<? extends JsonNode> records) {
        ObjectNode root = Events.JSON.createObjectNode();
        ArrayNode array = root.putArray("Records");
        records.forEach(array::add);
        try {
            byte[] json = Events.JSON.writeValueAsBytes(root);
            return LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamRecords.class.getClassLoader())
                    .fromJson(new ByteArrayInputStream(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(List<? extends JsonNode> records) {
        ObjectNode root = Events.JSON.createObjectNode();
        records.forEach(root.putArray("Records")::add);
        return new String(root.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** Replaces every string equal to or containing a key of {@code replacements}, anywhere in the tree. */
    static void replaceStrings(JsonNode node, Map<String, String> replacements) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.properties().forEach(f -> names.add(f.getKey()));
            for (String name : names) {
                JsonNode child = object.get(name);
                if (child.isTextual()) {
                    object.set(name, TextNode.valueOf(replaced(child.asText(), replacements)));
                } else {
                    replaceStrings(child, replacements);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                if (child.isTextual()) {
                    array.set(i, TextNode.valueOf(replaced(child.asText(), replacements)));
                } else {
                    replaceStrings(child, replacements);
                }
            }
        }
    }

    private static String replaced(String value, Map<String, String> replacements) {
        String out = value;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            out = out.replace(r.getKey(), r.getValue());
        }
        return out;
    }
}
