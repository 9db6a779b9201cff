package dev.tokengate.revoke.idp;

import dev.tokengate.core.table.TableNumbers;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.core.token.LogoutToken;
import dev.tokengate.revoke.revocation.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * "Never accepted twice" for logout tokens, across every instance of the receiver: one replay record per issuer and
 * {@code jti} ({@code REPLAY#logout#<issuerId>#<jti>}), claimed with a conditional write before the revocation is
 * written, living until the token's acceptance window ends ({@code ttl}: after that the token is refused as stale
 * anyway). A revocation that then fails releases the claim, so the issuer's retry of the same token is not
 * mistaken for a replay; one that succeeds marks it done, and a replay of that token changes nothing. A claim
 * neither released nor done {@link #ABANDONED_AFTER} after it was made belongs to an instance that died in between
 * (a timeout, a crash): it may be claimed again, so the issuer's retry still takes effect.
 *
 * <p>Every write is an {@code UpdateItem}, the one write action the function already has on the token table.
 */
public final class LogoutReplays {
    /** Longer than the function's timeout (20 s): no instance is still working on a claim this old. */
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);
    private static final String STATE = "state";
    private static final String ACCEPTED_AT = "acceptedAt";
    private static final String CLAIMED = "CLAIMED";
    private static final String RELEASED = "RELEASED";
    private static final String DONE = "DONE";

    private final DynamoDbClient dynamo;
    private final String table;

    public LogoutReplays(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Claims the token's {@code jti}: {@code true} if this call claimed it, {@code false} if it was already accepted
     * (a replay) or another instance is working on it. A store failure is a {@link StoreException}: nothing was
     * claimed for sure.
     */
    public boolean claim(LogoutToken token, Instant now) {
        try {
            dynamo.updateItem(update -> update.tableName(table)
                    .key(TokenTable.logoutReplayKey(token.issuerId(), token.tokenId()))
                    .updateExpression("SET #state = :claimed, #acceptedAt = :now, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#pk) OR #state = :released "
                            + "OR (#state = :claimed AND #acceptedAt < :abandoned)")
                    .expressionAttributeNames(Map.of("#state", STATE, "#acceptedAt", ACCEPTED_AT,
                            "#ttl", TokenTable.TTL, "#pk", TokenTable.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":claimed", AttributeValue.fromS(CLAIMED),
                            ":released", AttributeValue.fromS(RELEASED),
                            ":now", TableNumbers.of(now.getEpochSecond()),
                            ":abandoned", TableNumbers.of(now.minus(ABANDONED_AFTER).getEpochSecond()),
                            // one second past the window: DynamoDB deletes late, and never early
                            ":ttl", TableNumbers.of(token.acceptedUntil().getEpochSecond() + 1))));
            return true;
        } catch (ConditionalCheckFailedException replayed) {
            return false;
        } catch (SdkException e) {
            throw StoreException.of(e);
        }
    }

    /**
     * Marks the claim made at {@code claimedAt} done: its revocation is stored, and the token is never accepted
     * again. Best effort: if this fails, the claim counts as abandoned after {@link #ABANDONED_AFTER}, and a replay
     * then repeats a revocation that is already stored (it moves the user's marker to that moment).
     */
    public void done(LogoutToken token, Instant claimedAt) {
        try {
            dynamo.updateItem(update -> update.tableName(table)
                    .key(TokenTable.logoutReplayKey(token.issuerId(), token.tokenId()))
                    .updateExpression("SET #state = :done")
                    .conditionExpression("#state = :claimed AND #acceptedAt = :claimedAt")
                    .expressionAttributeNames(Map.of("#state", STATE, "#acceptedAt", ACCEPTED_AT))
                    .expressionAttributeValues(Map.of(":claimed", AttributeValue.fromS(CLAIMED),
                            ":done", AttributeValue.fromS(DONE),
                            ":claimedAt", TableNumbers.of(claimedAt.getEpochSecond()))));
        } catch (ConditionalCheckFailedException taken) {
            // another instance took it over as abandoned: it will mark it itself
        } catch (SdkException e) {
            throw StoreException.of(e);
        }
    }

    /**
     * Gives a claim back after its revocation failed, so the issuer may deliver the same token again. Best effort:
     * if this fails too, the retry is refused as a replay and the failure is logged by the caller.
     */
    public void release(LogoutToken token) {
        try {
            dynamo.updateItem(update -> update.tableName(table)
                    .key(TokenTable.logoutReplayKey(token.issuerId(), token.tokenId()))
                    .updateExpression("SET #state = :released")
                    .conditionExpression("#state = :claimed")
                    .expressionAttributeNames(Map.of("#state", STATE))
                    .expressionAttributeValues(Map.of(":claimed", AttributeValue.fromS(CLAIMED),
                            ":released", AttributeValue.fromS(RELEASED))));
        } catch (SdkException e) {
            throw StoreException.of(e);
        }
    }
}
