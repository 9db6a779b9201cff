package dev.tokengate.authorizer.handler;

import dev.tokengate.authorizer.route.ApiArn;
import dev.tokengate.core.token.DenyReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads each event shape into an {@link AuthorizerRequest}: one method per shape. Everything here tolerates any
 * JSON the runtime may hand over (missing fields, wrong types): it never throws, it reports.
 */
final class EventReader {
    private static final String AUTHORIZATION = "Authorization";

    private EventReader() {
    }

    static AuthorizerRequest read(EventShape shape, Map<String, Object> event, int maxTokenChars) {
        return switch (shape) {
            case REST_TOKEN -> restToken(event, maxTokenChars);
            case REST_REQUEST -> restRequest(event, maxTokenChars);
            case HTTP_API_V2 -> httpApi(event, maxTokenChars);
            case UNKNOWN -> new AuthorizerRequest(shape, java.util.Optional.empty(),
                    BearerToken.Extraction.refused(DenyReason.UNKNOWN_EVENT_SHAPE, "event of no known shape"));
        };
    }

    /** {@code authorizationToken} holds the identity source's value, i.e. the whole Authorization header. */
    static AuthorizerRequest restToken(Map<String, Object> event, int maxTokenChars) {
        return new AuthorizerRequest(EventShape.REST_TOKEN, ApiArn.parse(event.get("methodArn")),
                BearerToken.fromHeaderValue(event.get("authorizationToken"), maxTokenChars));
    }

    /**
     * REST REQUEST events carry {@code headers} (last value per name) and {@code multiValueHeaders} (every value).
     * Every occurrence in either counts, so a second Authorization header cannot hide behind the first.
     */
    static AuthorizerRequest restRequest(Map<String, Object> event, int maxTokenChars) {
        List<Object> single = valuesNamed(event.get("headers"));
        List<Object> multi = new ArrayList<>();
        if (event.get("multiValueHeaders") instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> entry : headers.entrySet()) {
                if (entry.getKey() instanceof String name && name.equalsIgnoreCase(AUTHORIZATION)) {
                    if (entry.getValue() instanceof List<?> list) {
                        multi.addAll(list);
                    } else if (entry.getValue() != null) {
                        multi.add(entry.getValue());
                    }
                }
            }
        }
        List<Object> values;
        if (multi.isEmpty()) {
            values = single;
        } else if (single.isEmpty() || (single.size() == 1 && multi.contains(single.get(0)))) {
            values = multi;
        } else {
            // headers and multiValueHeaders disagree: not something API Gateway sends; refuse as several values.
            values = new ArrayList<>(multi);
            values.addAll(single);
        }
        return new AuthorizerRequest(EventShape.REST_REQUEST, ApiArn.parse(event.get("methodArn")),
                BearerToken.fromHeaderValues(values, maxTokenChars));
    }

    /** HTTP API 2.0 lower-cases header names and joins repeated headers with commas. */
    static AuthorizerRequest httpApi(Map<String, Object> event, int maxTokenChars) {
        return new AuthorizerRequest(EventShape.HTTP_API_V2, ApiArn.parse(event.get("routeArn")),
                BearerToken.fromHeaderValues(valuesNamed(event.get("headers")), maxTokenChars));
    }

    private static List<Object> valuesNamed(Object headers) {
        List<Object> values = new ArrayList<>(1);
        if (headers instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey() instanceof String name && name.equalsIgnoreCase(AUTHORIZATION)) {
                    values.add(entry.getValue());
                }
            }
        }
        return values;
    }
}
