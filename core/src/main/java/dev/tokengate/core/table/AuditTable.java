package dev.tokengate.core.table;

/**
 * The audit table's vocabulary. Written only by the stream function, one immutable item per audited stream
 * record: {@code PK = USER#<issuerId>#<sub>} (the token table's partition) and {@code SK = <change time, ISO-8601 UTC>#<eventID>}, so a user's trail is one
 * query in time order and a retried batch writes nothing twice (the stream record's {@code eventID} is in the key).
 */
public final class AuditTable {
    public static final String PARTITION_KEY = "PK";
    public static final String SORT_KEY = "SK";
    public static final String TTL = "ttl";

    public static final String KIND = "kind";
    public static final String ISSUER_ID = "issuerId";
    public static final String SUB = "sub";
    public static final String JTI = "jti";
    /** For a session the issuer ended: its {@code sid}. */
    public static final String SID = "sid";
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

    /** The partition of records whose user could not be read (only malformed ones); others use {@code USER#<issuerId>#<sub>}. */
    public static final String UNKNOWN_PARTITION = "UNKNOWN";
    /** Stands for the change time in the sort key of a record that had none; sorts after every real time. */
    public static final String NO_TIME = "NO_TIME";

    private AuditTable() {
    }
}
