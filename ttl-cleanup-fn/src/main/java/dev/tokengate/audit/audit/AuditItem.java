package dev.tokengate.audit.audit;

import dev.tokengate.audit.classify.AuditEntry;
import dev.tokengate.core.table.AuditTable;
import dev.tokengate.core.table.TokenTable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit table's item layout. Key: {@code PK = USER#<sub>} (or {@code UNKNOWN} when a malformed record has no
 * readable sub) and {@code SK = <change time, ISO-8601 UTC with milliseconds>#<eventID>}, so one query on
 * {@code PK} returns a user's trail in time order, and the stream {@code eventID} in the key makes a redelivered
 * record land on the item it already wrote.
 */
public final class AuditItem {
    public static final String PARTITION_KEY = AuditTable.PARTITION_KEY;
    public static final String SORT_KEY = AuditTable.SORT_KEY;
    public static final String TTL = AuditTable.TTL;

    public static final String KIND = "kind";
    public static final String SUB = "sub";
    public static final String JTI = "jti";
    public static final String ORIGIN_JTI = "originJti";
    public static final String ACTOR = "actor";
    public static final String REASON = "reason";
    public static final String CHANGED_AT = "changedAt";
    public static final String EVENT_ID = "eventID";
    public static final String EVENT_NAME = "eventName";
    public static final String SEQUENCE_NUMBER = "sequenceNumber";
    public static final String REVOKED_BEFORE = "revokedBefore";
    public static final String DETAIL = "detail";
    public static final String RECORDED_AT = "recordedAt";

    /** The partition of records whose user could not be read (only malformed ones). */
    public static final String UNKNOWN_PARTITION = "UNKNOWN";
    /** Stands for the change time in the sort key of a record that had none; sorts after every real time. */
    public static final String NO_TIME = "NO_TIME";

    /** Fixed width, so sort keys order by time as strings do (Instant.toString drops zero fractions). */
    private static final DateTimeFormatter SORTABLE_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditItem() {
    }

    public static String partitionKey(AuditEntry entry) {
        return entry.sub() == null ? UNKNOWN_PARTITION : TokenTable.USER_PREFIX + entry.sub();
    }

    public static String sortKey(AuditEntry entry) {
        String time = entry.changedAt() == null ? NO_TIME : SORTABLE_UTC.format(entry.changedAt());
        return time + "#" + entry.recordId();
    }

    public static String timestamp(Instant instant) {
        return SORTABLE_UTC.format(instant);
    }

    /** The whole item; {@code ttl} is when retention ends, in epoch seconds as DynamoDB's TTL expects. */
    static Map<String, AttributeValue> of(AuditEntry entry, Instant recordedAt, long ttlEpochSeconds) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(partitionKey(entry)));
        item.put(SORT_KEY, AttributeValue.fromS(sortKey(entry)));
        item.put(KIND, AttributeValue.fromS(entry.kind().name()));
        item.put(ACTOR, AttributeValue.fromS(entry.actor()));
        item.put(EVENT_ID, AttributeValue.fromS(entry.recordId()));
        item.put(RECORDED_AT, AttributeValue.fromS(timestamp(recordedAt)));
        item.put(TTL, AttributeValue.fromN(Long.toString(ttlEpochSeconds)));
        putString(item, SUB, entry.sub());
        putString(item, JTI, entry.jti());
        putString(item, ORIGIN_JTI, entry.originJti());
        putString(item, REASON, entry.reason());
        putString(item, EVENT_NAME, entry.eventName());
        putString(item, SEQUENCE_NUMBER, entry.sequenceNumber());
        putString(item, DETAIL, entry.detail());
        if (entry.changedAt() != null) {
            item.put(CHANGED_AT, AttributeValue.fromS(timestamp(entry.changedAt())));
        }
        if (entry.revokedBefore() != null) {
            item.put(REVOKED_BEFORE, AttributeValue.fromN(entry.revokedBefore()));
        }
        return item;
    }

    /** DynamoDB refuses empty strings in key attributes and we never want them elsewhere: absent means unknown. */
    private static void putString(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, AttributeValue.fromS(value));
        }
    }
}
