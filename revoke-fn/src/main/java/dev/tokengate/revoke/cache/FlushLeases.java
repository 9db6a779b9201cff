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
 * The winner then marks its flush done ({@link #complete}) or failed ({@link #fail}), so no other container counts
 * on a flush that did not happen, while its start still spaces the stage's flushes. Failures surface as the SDK's
 * exceptions; the caller decides what a missing lease means.
 */
public final class FlushLeases {
    /** A lease only matters for seconds; a day keeps the table free of stages no longer flushed. */
    static final Duration KEEP = Duration.ofDays(1);
    private static final BigDecimal LATEST_MILLIS = BigDecimal.valueOf(Instant.parse("9999-12-31T23:59:59Z")
            .toEpochMilli());
    /** What became of a claimed flush, as far as its container reported. */
    public enum State { UNDER_WAY, FLUSHED, FAILED }

    /** The stage's last claimed flush: when it started, and what became of it. */
    public record Lease(Instant start, State state) {
        public Lease {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(state, "state");
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public FlushLeases(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The stage's last flush claimed by any container, read strongly consistent; empty if none is known. */
    public Optional<Lease> last(FlushTarget target) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(TokenTable.flushLeaseKey(target.toString())).consistentRead(true).build()).item();
        if (item == null) {
            return Optional.empty();
        }
        return instant(item.get(TokenTable.FLUSH_STARTED_AT)).map(start -> new Lease(start,
                instant(item.get(TokenTable.FLUSH_COMPLETED)).filter(start::equals).isPresent() ? State.FLUSHED
                        : instant(item.get(TokenTable.FLUSH_FAILED)).filter(start::equals).isPresent() ? State.FAILED
                        : State.UNDER_WAY));
    }

    /** A value that is not whole, non-negative milliseconds was not written here: unknown. */
    private static Optional<Instant> instant(AttributeValue value) {
        return TableNumbers.epochSeconds(value)
                .filter(millis -> millis.signum() >= 0 && millis.stripTrailingZeros().scale() <= 0
                        && millis.compareTo(LATEST_MILLIS) <= 0)
                .map(BigDecimal::longValue).map(Instant::ofEpochMilli);
    }

    /**
     * Records {@code start} as the stage's last flush, if its last flush is still the one {@code seen} (none, or
     * that start). {@code false}: another container claimed it in between.
     */
    public boolean claim(FlushTarget target, Optional<Instant> seen, Instant start) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":start", millis(start));
        values.put(":ttl", TableNumbers.of(start.plus(KEEP).getEpochSecond()));
        String condition = "attribute_not_exists(#started)";
        if (seen.isPresent()) {
            values.put(":seen", millis(seen.get()));
            condition = "#started = :seen";
        }
        return update(target, "SET #started = :start, #ttl = :ttl", condition,
                Map.of("#started", TokenTable.FLUSH_STARTED_AT, "#ttl", TokenTable.TTL), values);
    }

    /** The flush claimed at {@code start} succeeded: changes it covers may now count on it. */
    public void complete(FlushTarget target, Instant start) {
        finish(target, TokenTable.FLUSH_COMPLETED, start);
    }

    /** The flush claimed at {@code start} failed: nobody counts on it, and the next change claims the next slot. */
    public void fail(FlushTarget target, Instant start) {
        finish(target, TokenTable.FLUSH_FAILED, start);
    }

    /** Marks the claim made at {@code start}, unless another container has claimed a later flush since. */
    private void finish(FlushTarget target, String attribute, Instant start) {
        update(target, "SET #outcome = :mine", "#started = :mine",
                Map.of("#started", TokenTable.FLUSH_STARTED_AT, "#outcome", attribute), Map.of(":mine", millis(start)));
    }

    /** One conditional update of the stage's lease; {@code false} if its condition did not hold. */
    private boolean update(FlushTarget target, String expression, String condition, Map<String, String> names,
                           Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(TokenTable.flushLeaseKey(target.toString()))
                    .updateExpression(expression)
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
