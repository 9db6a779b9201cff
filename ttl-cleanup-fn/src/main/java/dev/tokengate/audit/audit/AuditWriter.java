package dev.tokengate.audit.audit;

import dev.tokengate.core.table.AuditTable;

import dev.tokengate.audit.classify.AuditEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Writes audit items, each exactly once. The put is conditional on the key not existing yet, so a stream record
 * that Lambda delivers again (a retried batch, a redelivery after a partial failure) finds its item and writes
 * nothing; that refusal is the expected outcome of a replay, not an error. Audit items are never updated.
 */
public final class AuditWriter {
    /** What a write did. */
    public enum Outcome {
        WRITTEN,
        /** The item for this stream record exists already: an earlier delivery wrote it. */
        ALREADY_WRITTEN
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    public AuditWriter(DynamoDbClient dynamoDb, String table, Duration retention, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes the entry's item unless it exists. Any other failure (throttling past the retries, timeouts, a missing
     * table) is thrown to the caller, which reports the record as failed so Lambda redelivers it.
     */
    public Outcome write(AuditEntry entry) {
        Instant now = clock.instant();
        long ttl = now.plus(retention).getEpochSecond();
        try {
            dynamoDb.putItem(put -> put
                    .tableName(table)
                    .item(AuditItem.of(entry, now, ttl))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", AuditTable.PARTITION_KEY)));
            return Outcome.WRITTEN;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return Outcome.ALREADY_WRITTEN;
        }
    }
}
