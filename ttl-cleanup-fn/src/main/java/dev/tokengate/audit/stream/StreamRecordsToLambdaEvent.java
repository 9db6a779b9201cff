package dev.tokengate.audit.stream;

import static dev.tokengate.core.log.JsonLine.quoted;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Builds the JSON event Lambda's DynamoDB event source mapping sends to a function, from records read with the
 * DynamoDB Streams API ({@code GetRecords}). The mapping passes each record through as the Streams API returns it
 * and adds {@code eventSourceARN} (the stream's ARN); {@code ApproximateCreationDateTime} travels as epoch
 * seconds. Feed the result to the Lambda runtime's serializer to get the {@code DynamodbEvent} the handler receives.
 * Used by tests and by the local runner that plays the event source mapping; not by the deployed function.
 */
public final class StreamRecordsToLambdaEvent {
    private StreamRecordsToLambdaEvent() {
    }

    /** The event for one batch, records in stream order. */
    public static String toJson(List<Record> records, String eventSourceArn) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(eventSourceArn, "eventSourceArn");
        StringBuilder out = new StringBuilder(512 * Math.max(1, records.size())).append("{\"Records\":[");
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            record(out, records.get(i), eventSourceArn);
        }
        return out.append("]}").toString();
    }

    private static void record(StringBuilder out, Record record, String eventSourceArn) {
        Fields fields = new Fields(out.append('{'));
        fields.string("eventID", record.eventID());
        fields.string("eventName", record.eventNameAsString());
        fields.string("eventVersion", record.eventVersion());
        fields.string("eventSource", record.eventSource());
        fields.string("awsRegion", record.awsRegion());
        StreamRecord body = record.dynamodb();
        if (body != null) {
            fields.name("dynamodb");
            streamRecord(out, body);
        }
        fields.string("eventSourceARN", eventSourceArn);
        Identity identity = record.userIdentity();
        if (identity != null) {
            fields.name("userIdentity");
            Fields id = new Fields(out.append('{'));
            id.string("type", identity.type());
            id.string("principalId", identity.principalId());
            out.append('}');
        }
        out.append('}');
    }

    private static void streamRecord(StringBuilder out, StreamRecord body) {
        Fields fields = new Fields(out.append('{'));
        if (body.approximateCreationDateTime() != null) {
            fields.name("ApproximateCreationDateTime");
            out.append(epochSeconds(body.approximateCreationDateTime()));
        }
        if (body.hasKeys()) {
            fields.name("Keys");
            item(out, body.keys());
        }
        if (body.hasNewImage()) {
            fields.name("NewImage");
            item(out, body.newImage());
        }
        if (body.hasOldImage()) {
            fields.name("OldImage");
            item(out, body.oldImage());
        }
        fields.string("SequenceNumber", body.sequenceNumber());
        if (body.sizeBytes() != null) {
            fields.name("SizeBytes");
            out.append(body.sizeBytes().longValue());
        }
        fields.string("StreamViewType", body.streamViewTypeAsString());
        out.append('}');
    }

    /** Whole seconds print as an integer, as in Lambda's own events; sub-second precision keeps milliseconds. */
    static String epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
    }

    private static void item(StringBuilder out, Map<String, AttributeValue> item) {
        out.append('{');
        Iterator<Map.Entry<String, AttributeValue>> entries = item.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, AttributeValue> entry = entries.next();
            out.append(quoted(entry.getKey())).append(':');
            value(out, entry.getValue());
            if (entries.hasNext()) {
                out.append(',');
            }
        }
        out.append('}');
    }

    /** DynamoDB's JSON for one attribute value: a single type tag, binary as base64. */
    private static void value(StringBuilder out, AttributeValue value) {
        out.append('{');
        switch (value.type()) {
            case S -> out.append("\"S\":").append(quoted(value.s()));
            case N -> out.append("\"N\":").append(quoted(value.n()));
            case B -> out.append("\"B\":").append(quoted(base64(value.b())));
            case BOOL -> out.append("\"BOOL\":").append(value.bool());
            case NUL -> out.append("\"NULL\":true");
            case SS -> strings(out.append("\"SS\":"), value.ss());
            case NS -> strings(out.append("\"NS\":"), value.ns());
            case BS -> strings(out.append("\"BS\":"), value.bs().stream().map(StreamRecordsToLambdaEvent::base64).toList());
            case M -> item(out.append("\"M\":"), value.m());
            case L -> {
                out.append("\"L\":[");
                for (int i = 0; i < value.l().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(out, value.l().get(i));
                }
                out.append(']');
            }
            // a type this SDK does not know: leave the value empty, as a damaged record would arrive
            default -> { }
        }
        out.append('}');
    }

    private static void strings(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quoted(values.get(i)));
        }
        out.append(']');
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }

    /** Writes the commas between an object's members; absent values are left out, as AWS does. */
    private static final class Fields {
        private final StringBuilder out;
        private boolean first = true;

        Fields(StringBuilder out) {
            this.out = out;
        }

        void name(String name) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(quoted(name)).append(':');
        }

        void string(String name, String value) {
            if (value != null) {
                name(name);
                out.append(quoted(value));
            }
        }
    }
}
