package dev.tokengate.revoke.cache;

import dev.tokengate.core.table.TableNumbers;
import dev.tokengate.core.table.TokenTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * When each stage's authorizer cache was last flushed, shared by every revoke-fn container through one bookkeeping
 * item per stage in the token table ({@link TokenTable#flushLeaseKey}). Claiming the next flush is one conditional
 * write on the start a container saw, so of several containers that want to flush the same stage, exactly one does.
 * Failures surface as the SDK's exceptions; the caller decides what a missing lease means.
 */
public final class FlushLeases {
    /** A lease only matters for seconds; a day keeps the table free of stages no longer flushed. */
    static final Duration KEEP = Duration.ofDays(1);
    private static final BigDecimal LATEST_MILLIS = BigDecimal.valueOf(Instant.parse("9999-12-31T23:59:59Z")
            .toEpochMilli());

    private final DynamoDbClient dynamo;
    private final String table;

    public FlushLeases(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The start of the stage's last flush by any container, read strongly consistent; empty if none is known. */
    public Optional<Instant> lastStart(FlushTarget target) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(TokenTable.flushLeaseKey(target.toString())).consistentRead(true).build()).item();
        if (item == null) {
            return Optional.empty();
        }
        // a value that is not whole milliseconds was not written here: treat the lease as unknown (flush again)
        return TableNumbers.epochSeconds(item.get(TokenTable.FLUSH_STARTED_AT))
                .filter(millis -> millis.signum() >= 0 && millis.stripTrailingZeros().scale() <= 0
                        && millis.compareTo(LATEST_MILLIS) <= 0)
                .map(BigDecimal::longValue).map(Instant::ofEpochMilli);
    }

    /**
     * Records {@code start} as the stage's last flush, if its last flush is still the one {@code seen} (none, or
     * that start). {@code false}: another container claimed it in between.
     */
    public boolean claim(FlushTarget target, Optional<Instant> seen, Instant start) {
        Map<String, String> names = Map.of("#started", TokenTable.FLUSH_STARTED_AT, "#ttl", TokenTable.TTL);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":start", millis(start));
        values.put(":ttl", TableNumbers.of(start.plus(KEEP).getEpochSecond()));
        String condition = "attribute_not_exists(#started)";
        if (seen.isPresent()) {
            values.put(":seen", millis(seen.get()));
            condition = "#started = :seen";
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(TokenTable.flushLeaseKey(target.toString()))
                    .updateExpression("SET #started = :start, #ttl = :ttl")
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    private static AttributeValue millis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }
}
