package dev.tokengate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LOCAL ONLY. The headers the revocation API's gateway responses add in {@code template.yaml} (RFC 6750's
 * {@code WWW-Authenticate} on 401 and 403), read from the template so the stand-in answers as a deployment does.
 *
 * @param unauthorized headers of API Gateway's 401 (response type {@code UNAUTHORIZED})
 * @param accessDenied headers of its 403 for a policy that denies ({@code ACCESS_DENIED})
 */
record TemplateGatewayResponses(Map<String, String> unauthorized, Map<String, String> accessDenied) {

    static TemplateGatewayResponses read(Path template) {
        try {
            JsonNode responses = new ObjectMapper(new YAMLFactory()).readTree(template.toFile()).path("Resources")
                    .path("RevokeApi").path("Properties").path("GatewayResponses");
            return new TemplateGatewayResponses(headers(responses.path("UNAUTHORIZED")),
                    headers(responses.path("ACCESS_DENIED")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + template + ": " + e.getMessage(), e);
        }
    }

    /** A gateway response's static header values are quoted ('value'), as API Gateway requires. */
    private static Map<String, String> headers(JsonNode response) {
        Map<String, String> out = new LinkedHashMap<>();
        response.path("ResponseParameters").path("Headers").fields().forEachRemaining(header -> {
            String value = header.getValue().asText();
            if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                out.put(header.getKey(), value.substring(1, value.length() - 1));
            }
        });
        return Map.copyOf(out);
    }
}
