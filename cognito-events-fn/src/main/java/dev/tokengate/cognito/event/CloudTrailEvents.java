package dev.tokengate.cognito.event;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the EventBridge envelope of a CloudTrail record with the JSON parser nimbus already ships, strictly: a JSON
 * object, at most {@link #MAX_BYTES}, the CloudTrail record in {@code detail}. Anything else is unreadable, never an
 * exception.
 */
public final class CloudTrailEvents {
    /** EventBridge refuses larger events. */
    public static final int MAX_BYTES = 256 * 1024;
    public static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
    /** Cognito's masking of confidential request values in CloudTrail. */
    static final String HIDDEN_PREFIX = "HIDDEN_";
    private static final String POOL_ARN_PART = ":userpool/";

    private CloudTrailEvents() {
    }

    /** The record, or empty when the bytes are not an EventBridge CloudTrail event. */
    public static Optional<SignOutEvent> read(byte[] json) {
        if (json == null || json.length == 0 || json.length > MAX_BYTES) {
            return Optional.empty();
        }
        Map<String, Object> envelope;
        try {
            envelope = JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
        if (!DETAIL_TYPE.equals(envelope.get("detail-type")) || !(envelope.get("detail") instanceof Map<?, ?> detail)) {
            return Optional.empty();
        }
        String eventId = string(detail, "eventID").orElse(null);
        String eventName = string(detail, "eventName").orElse(null);
        String eventSource = string(detail, "eventSource").orElse(null);
        if (eventId == null || eventName == null || eventSource == null) {
            return Optional.empty();
        }
        Map<?, ?> request = detail.get("requestParameters") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> additional = detail.get("additionalEventData") instanceof Map<?, ?> m ? m : Map.of();
        Optional<String> pool = string(request, "userPoolId").or(() -> string(additional, "userPoolId"))
                .or(() -> poolOf(detail.get("resources"))).or(() -> poolOf(envelope.get("resources")));
        return Optional.of(new SignOutEvent(eventId, eventName, eventSource, string(detail, "errorCode"), pool,
                string(additional, "sub"), string(request, "username")));
    }

    /** A user pool ARN ({@code arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>}) among the resources. */
    private static Optional<String> poolOf(Object resources) {
        if (!(resources instanceof List<?> list)) {
            return Optional.empty();
        }
        for (Object resource : list) {
            Object arn = resource instanceof Map<?, ?> map ? map.get("ARN") : resource;
            if (arn instanceof String text && text.startsWith("arn:") && text.contains(POOL_ARN_PART)) {
                return Optional.of(text.substring(text.indexOf(POOL_ARN_PART) + POOL_ARN_PART.length()));
            }
        }
        return Optional.empty();
    }

    /** A non-empty string member that Cognito did not hide. */
    private static Optional<String> string(Map<?, ?> map, String name) {
        return map.get(name) instanceof String text && !text.isEmpty() && !text.startsWith(HIDDEN_PREFIX)
                ? Optional.of(text) : Optional.empty();
    }
}
