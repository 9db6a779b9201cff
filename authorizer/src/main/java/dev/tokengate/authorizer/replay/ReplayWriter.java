package dev.tokengate.authorizer.replay;

import dev.tokengate.authorizer.binding.ProofUse;
import dev.tokengate.core.table.TokenTable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The DPoP replay store in the token table, shared by every authorizer instance: one conditional {@code PutItem}
 * per accepted proof that succeeds only if no live record of that proof exists. DynamoDB applies a conditional write
 * atomically, so of two instances racing with the same proof exactly one wins. {@code ttl} is the end of the
 * proof's acceptance window (plus a second for rounding): after it the proof is refused by its age alone, and a record
 * past its {@code ttl} that DynamoDB has not yet deleted counts for nothing, as the design requires.
 *
 * <p>The write runs on this store's own thread while the caller reads the revocation state, so a DPoP decision
 * costs about one round trip, not two. A failed write (timeout, throttling, a missing table or permission) is
 * {@link ReplayStatus.Kind#UNAVAILABLE}: the decision is the usual uncached error, never an Allow.
 */
public final class ReplayWriter implements ReplayGuard {
    private static final String CONDITION = "attribute_not_exists(#pk) OR #ttl < :now";
    private static final Map<String, String> CONDITION_NAMES = Map.of("#pk", TokenTable.PARTITION_KEY,
            "#ttl", TokenTable.TTL); // ttl is a DynamoDB reserved word: always through a name placeholder

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final ExecutorService writer;

    /** Built once, at init: the thread is created then and lives as long as the function (a daemon). */
    public ReplayWriter(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "tokengate-replay-write");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Pending remember(ProofUse use, Instant now) {
        CompletableFuture<ReplayStatus> write;
        try {
            write = CompletableFuture.supplyAsync(() -> write(use, now), writer);
        } catch (RejectedExecutionException e) {
            write = CompletableFuture.completedFuture(write(use, now));
        }
        CompletableFuture<ReplayStatus> pending = write;
        return () -> {
            try {
                return pending.join();
            } catch (RuntimeException e) {
                return ReplayStatus.unavailable(e.getClass().getSimpleName());
            }
        };
    }

    /** The conditional put itself; never throws. */
    ReplayStatus write(ProofUse use, Instant now) {
        Map<String, AttributeValue> item = Map.of(
                TokenTable.PARTITION_KEY, AttributeValue.fromS(ReplayKey.partition(use)),
                TokenTable.SORT_KEY, AttributeValue.fromS(TokenTable.REPLAY_SORT_KEY),
                TokenTable.TTL, AttributeValue.fromN(Long.toString(use.acceptableUntil().getEpochSecond() + 1)));
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(item)
                    .conditionExpression(CONDITION)
                    .expressionAttributeNames(CONDITION_NAMES)
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
            return ReplayStatus.firstUse();
        } catch (ConditionalCheckFailedException e) {
            return ReplayStatus.replayed();
        } catch (AwsServiceException e) {
            // Throttling (after the client's own retries within its budget) is reported as what it is.
            return e.isThrottlingException() ? ReplayStatus.throttled(e.getClass().getSimpleName())
                    : ReplayStatus.unavailable(e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // Only the class name: SDK messages can carry request details we do not want in every log line.
            return ReplayStatus.unavailable(e.getClass().getSimpleName());
        }
    }
}
