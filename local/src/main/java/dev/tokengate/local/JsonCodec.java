package dev.tokengate.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** JSON in and out of the local gateway, the way API Gateway and the Lambda runtime exchange it. */
final class JsonCodec {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private JsonCodec() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a local event", e);
        }
    }

    static Map<String, Object> readObject(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, MAP);
    }

    /** A value as the runtime would hand it on: serialised to JSON and read back as plain maps and lists. */
    static Map<String, Object> roundTrip(Object value) throws JsonProcessingException {
        return readObject(write(value));
    }
}
