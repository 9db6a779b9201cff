package dev.tokengate.lambdatier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * An error the runtime client reported for an invocation (or init, or restore).
 *
 * @param runtimeErrorType the {@code Lambda-Runtime-Function-Error-Type} header (e.g. {@code Runtime.UserException})
 * @param body the error document, {@code {"errorMessage", "errorType", "stackTrace"}} as the client serializes it
 */
public record FunctionError(String runtimeErrorType, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The exception message: API Gateway maps an authorizer error whose message is exactly "Unauthorized" to 401. */
    public String errorMessage() {
        return document().path("errorMessage").asText(null);
    }

    /** The exception's class name. */
    public String errorType() {
        return document().path("errorType").asText(null);
    }

    private JsonNode document() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("the runtime client's error document is not JSON: " + body, e);
        }
    }
}
