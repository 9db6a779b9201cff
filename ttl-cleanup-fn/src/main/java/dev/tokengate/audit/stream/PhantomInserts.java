package dev.tokengate.audit.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Undoes a local engine's deviation from DynamoDB Streams before its records are replayed to the function. moto
 * (5.2.1) answers an {@code UpdateItem} that creates an item with two {@code INSERT} records: first one whose new
 * image is the bare key, then the real one. DynamoDB writes a single {@code INSERT}. Left in, the phantom would be
 * audited as a registration of a token that was in fact created revoked, or as a malformed {@code REVOKED_BEFORE}.
 * Only the local runner and tests use this; the deployed function sees DynamoDB's own records and audits a real
 * key-only insert like any other.
 */
public final class PhantomInserts {
    private PhantomInserts() {
    }

    /** The records without any key-only {@code INSERT} that is immediately followed by an {@code INSERT} of the same key. */
    public static List<Record> removeFrom(List<Record> records) {
        List<Record> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Record record = records.get(i);
            boolean phantom = i + 1 < records.size() && isKeyOnlyInsert(record)
                    && isInsertOfSameKey(records.get(i + 1), record);
            if (!phantom) {
                out.add(record);
            }
        }
        return out;
    }

    private static boolean isKeyOnlyInsert(Record record) {
        if (record.eventName() != OperationType.INSERT || record.dynamodb() == null
                || !record.dynamodb().hasKeys() || !record.dynamodb().hasNewImage()) {
            return false;
        }
        Map<String, AttributeValue> keys = record.dynamodb().keys();
        return keys.equals(record.dynamodb().newImage());
    }

    private static boolean isInsertOfSameKey(Record next, Record phantom) {
        return next.eventName() == OperationType.INSERT && next.dynamodb() != null && next.dynamodb().hasKeys()
                && next.dynamodb().keys().equals(phantom.dynamodb().keys());
    }
}
