package dev.tokengate.audit.audit;

import static dev.tokengate.core.table.AuditTable.ACTOR;
import static dev.tokengate.core.table.AuditTable.CHANGED_AT;
import static dev.tokengate.core.table.AuditTable.DETAIL;
import static dev.tokengate.core.table.AuditTable.EVENT_ID;
import static dev.tokengate.core.table.AuditTable.EVENT_NAME;
import static dev.tokengate.core.table.AuditTable.ISSUER_ID;
import static dev.tokengate.core.table.AuditTable.JTI;
import static dev.tokengate.core.table.AuditTable.KIND;
import static dev.tokengate.core.table.AuditTable.NO_TIME;
import static dev.tokengate.core.table.AuditTable.ORIGIN_JTI;
import static dev.tokengate.core.table.AuditTable.PARTITION_KEY;
import static dev.tokengate.core.table.AuditTable.REASON;
import static dev.tokengate.core.table.AuditTable.RECORDED_AT;
import static dev.tokengate.core.table.AuditTable.REVOKED_BEFORE;
import static dev.tokengate.core.table.AuditTable.SEQUENCE_NUMBER;
import static dev.tokengate.core.table.AuditTable.SID;
import static dev.tokengate.core.table.AuditTable.SORT_KEY;
import static dev.tokengate.core.table.AuditTable.SUB;
import static dev.tokengate.core.table.AuditTable.TTL;
import static dev.tokengate.core.table.AuditTable.UNKNOWN_PARTITION;

import dev.tokengate.audit.classify.AuditEntry;
import dev.tokengate.core.table.TokenTable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit table's item layout. Key: {@code PK = USER#<issuerId>#<sub>} (a session's {@code SESSION#<issuerId>#<sid>}
 * when it names no user, or {@code UNKNOWN} when a malformed record has no readable user) and {@code SK = <change time, ISO-8601 UTC with milliseconds>#<eventID>}, so one query on
 * {@code PK} returns a user's trail in time order, and the stream {@code eventID} in the key makes a redelivered
 * record land on the item it already wrote.
 */
public final class AuditItem {
    /** Fixed width, so sort keys order by time as strings do (Instant.toString drops zero fractions). */
    private static final DateTimeFormatter SORTABLE_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditItem() {
    }

    /** The user's partition; for a session that names no user, the session's own; else {@code UNKNOWN}. */
    public static String partitionKey(AuditEntry entry) {
        if (entry.user() != null) {
            return TokenTable.userPartition(entry.user());
        }
        if (entry.session() != null) {
            return TokenTable.sessionKey(entry.session()).get(TokenTable.PARTITION_KEY).s();
        }
        return UNKNOWN_PARTITION;
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
        putString(item, ISSUER_ID, entry.issuerId());
        putString(item, SUB, entry.sub());
        putString(item, SID, entry.sid());
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
