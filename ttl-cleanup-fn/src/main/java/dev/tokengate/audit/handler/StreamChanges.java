package dev.tokengate.audit.handler;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Record;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.tokengate.audit.classify.StreamChange;
import dev.tokengate.audit.classify.Value;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Adapts the Lambda runtime's stream record classes to the classifier's model. Total: a missing part becomes
 * {@code null}, an attribute with no type (or several) becomes {@link Value.Unreadable}, and the classifier decides.
 */
final class StreamChanges {
    private StreamChanges() {
    }

    static StreamChange from(Record record) {
        StreamRecord body = record.getDynamodb();
        Identity identity = record.getUserIdentity();
        Instant changedAt = body == null || body.getApproximateCreationDateTime() == null
                ? null : body.getApproximateCreationDateTime().toInstant();
        return new StreamChange(
                record.getEventID(),
                record.getEventName(),
                body == null ? null : body.getSequenceNumber(),
                changedAt,
                body == null ? null : image(body.getKeys()),
                body == null ? null : image(body.getOldImage()),
                body == null ? null : image(body.getNewImage()),
                identity == null ? null : new StreamChange.Identity(identity.getType(), identity.getPrincipalId()));
    }

    private static Map<String, Value> image(Map<String, AttributeValue> attributes) {
        if (attributes == null) {
            return null;
        }
        Map<String, Value> out = new HashMap<>();
        attributes.forEach((name, value) -> {
            if (name != null) {
                out.put(name, value(value));
            }
        });
        return out;
    }

    /** A well-formed DynamoDB attribute value has exactly one type member set. */
    static Value value(AttributeValue value) {
        if (value == null) {
            return new Value.Unreadable();
        }
        int types = 0;
        Value result = new Value.Unreadable();
        if (value.getS() != null) {
            types++;
            result = new Value.Str(value.getS());
        }
        if (value.getN() != null) {
            types++;
            result = new Value.Num(value.getN());
        }
        if (value.getBOOL() != null) {
            types++;
            result = new Value.Bool(value.getBOOL());
        }
        if (value.getB() != null) {
            types++;
            result = new Value.Other("B");
        }
        if (value.getSS() != null) {
            types++;
            result = new Value.Other("SS");
        }
        if (value.getNS() != null) {
            types++;
            result = new Value.Other("NS");
        }
        if (value.getBS() != null) {
            types++;
            result = new Value.Other("BS");
        }
        if (value.getM() != null) {
            types++;
            result = new Value.Other("M");
        }
        if (value.getL() != null) {
            types++;
            result = new Value.Other("L");
        }
        if (value.getNULL() != null) {
            types++;
            result = new Value.Other("NULL");
        }
        return types == 1 ? result : new Value.Unreadable();
    }
}
