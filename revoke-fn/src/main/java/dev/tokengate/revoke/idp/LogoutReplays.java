package dev.tokengate.revoke.idp;

import dev.tokengate.core.table.TableNumbers;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.core.token.LogoutToken;
import dev.tokengate.revoke.revocation.StoreException;
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
 * mistaken for a replay; a replay of a token that did take effect finds the claim and changes nothing.
 *
 * <p>Both writes are {@code UpdateItem}s, the one write action the function already has on the token table.
 */
public final class LogoutReplays {
    private static final String STATE = "state";
    private static final String ACCEPTED_AT = "acceptedAt";
    private static final String CLAIMED = "CLAIMED";
    private static final String RELEASED = "RELEASED";

    private final DynamoDbClient dynamo;
    private final String table;

    public LogoutReplays(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Claims the token's {@code jti}: {@code true} if this call claimed it, {@code false} if it was already accepted
     * (a replay). A store failure is a {@link StoreException}: nothing was claimed for sure.
     */
    public boolean claim(LogoutToken token, Instant now) {
        try {
            dynamo.updateItem(update -> update.tableName(table)
                    .key(TokenTable.logoutReplayKey(token.issuerId(), token.tokenId()))
                    .updateExpression("SET #state = :claimed, #acceptedAt = :now, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#pk) OR #state = :released")
                    .expressionAttributeNames(Map.of("#state", STATE, "#acceptedAt", ACCEPTED_AT,
                            "#ttl", TokenTable.TTL, "#pk", TokenTable.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":claimed", AttributeValue.fromS(CLAIMED),
                            ":released", AttributeValue.fromS(RELEASED),
                            ":now", TableNumbers.of(now.getEpochSecond()),
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
