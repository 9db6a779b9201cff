package dev.tokengate.authorizer.handler;

import java.util.Map;

/** The API Gateway event shapes this function answers, detected from the event itself. */
public enum EventShape {
    /** REST API, {@code TOKEN} authorizer: {@code type}, {@code authorizationToken}, {@code methodArn}. */
    REST_TOKEN,
    /**
     * REST API, {@code REQUEST} authorizer: {@code type}, {@code methodArn}, {@code headers}/{@code multiValueHeaders}.
     * HTTP API payload 1.0 has the same fields and takes the same IAM policy answer.
     */
    REST_REQUEST,
    /** HTTP API, payload format 2.0: {@code version} "2.0", {@code routeArn}, lower-case {@code headers}. */
    HTTP_API_V2,
    /** Anything else: refused, never allowed. */
    UNKNOWN;

    static EventShape detect(Map<String, Object> event) {
        if (event == null) {
            return UNKNOWN;
        }
        Object version = event.get("version");
        Object type = event.get("type");
        // 2.0 first: its events also say type REQUEST.
        if ("2.0".equals(version)) {
            return "REQUEST".equals(type) || type == null ? HTTP_API_V2 : UNKNOWN;
        }
        if ("TOKEN".equals(type)) {
            return REST_TOKEN;
        }
        if ("REQUEST".equals(type)) {
            return REST_REQUEST;
        }
        return UNKNOWN;
    }
}
