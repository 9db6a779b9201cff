package dev.tokengate.core.table;

/**
 * The audit table's vocabulary. Written only by the stream function, one immutable item per audited stream
 * record; the stream record's {@code eventID} is part of the key so a retried batch writes nothing twice.
 */
public final class AuditTable {
    public static final String PARTITION_KEY = "PK";
    public static final String SORT_KEY = "SK";
    public static final String TTL = "ttl";

    private AuditTable() {
    }
}
