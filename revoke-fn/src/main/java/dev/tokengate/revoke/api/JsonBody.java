package dev.tokengate.revoke.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request body read strictly: {@code Content-Type: application/json} (charset, if given, UTF-8), at most
 * {@link #MAX_BYTES}, exactly one JSON object, no duplicate or unknown fields, and typed getters that name the field
 * when its value has the wrong type. Anything else is an {@link ApiError} (400, 413 or 415) before any domain logic
 * runs, so nothing is written for a bad request.
 */
final class JsonBody {
    static final int MAX_BYTES = 16 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    private final ObjectNode fields;

    private JsonBody(ObjectNode fields) {
        this.fields = fields;
    }

    /**
     * Reads the body. {@code optional}: an empty body (no bytes at all) counts as {@code {}}, for routes whose fields
     * are all optional.
     */
    static JsonBody read(String contentType, InputStream entity, Set<String> allowed, boolean optional) {
        byte[] bytes = readCapped(entity);
        if (bytes.length == 0 && optional) {
            return new JsonBody(MAPPER.createObjectNode());
        }
        requireJsonContentType(contentType);
        if (bytes.length == 0) {
            throw ApiError.badRequest("body", "must be a JSON object");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input: never echo it
            throw ApiError.badRequest("body", "is not valid JSON");
        } catch (IOException e) {
            throw ApiError.badRequest("body", "could not be read");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiError.badRequest("body", "must be a JSON object");
        }
        Iterator<String> names = tree.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.badRequest(safeName(name), "is not a known field; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new JsonBody((ObjectNode) tree);
    }

    boolean has(String field) {
        JsonNode node = fields.get(field);
        return node != null && !node.isNull();
    }

    /** A string field that must be present. */
    String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> ApiError.badRequest(field, "is required"));
    }

    /** A string field that may be absent (or JSON {@code null}). */
    Optional<String> optionalString(String field) {
        JsonNode node = fields.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw ApiError.badRequest(field, "must be a string");
        }
        return Optional.of(node.textValue());
    }

    /**
     * A JSON object field that must be present, whose members are all strings (a subject identifier, say), at most
     * {@code maxMembers} of them.
     */
    Map<String, String> requiredStringMembers(String field, int maxMembers) {
        JsonNode node = fields.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.badRequest(field, "is required");
        }
        if (!node.isObject() || node.size() > maxMembers) {
            throw ApiError.badRequest(field, "must be a JSON object of at most " + maxMembers + " string members");
        }
        Map<String, String> members = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getValue().isTextual()) {
                throw ApiError.badRequest(field, "members must be strings");
            }
            members.put(entry.getKey(), entry.getValue().textValue());
        }
        return members;
    }

    /** A whole number of seconds that may be absent (or JSON {@code null}). */
    Optional<Long> optionalEpochSeconds(String field) {
        JsonNode node = fields.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ApiError.badRequest(field, "must be a whole number of seconds since the epoch");
        }
        return Optional.of(node.longValue());
    }

    private static byte[] readCapped(InputStream entity) {
        if (entity == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = entity.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ApiError(413, "payload_too_large", "body", "must be at most " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.badRequest("body", "could not be read");
        }
    }

    private static void requireJsonContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported();
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw unsupported();
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw unsupported();
                }
            }
        }
    }

    private static ApiError unsupported() {
        return new ApiError(415, "unsupported_media_type", "Content-Type",
                "must be application/json (UTF-8)");
    }

    /** A field name as the caller sent it, made safe to return: short, printable ASCII only. */
    private static String safeName(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 64; i++) {
            char c = name.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
