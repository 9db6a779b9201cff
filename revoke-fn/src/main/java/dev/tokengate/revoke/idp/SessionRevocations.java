package dev.tokengate.revoke.idp;

import dev.tokengate.core.table.RevocationFlag;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.core.table.Session;
import dev.tokengate.core.table.TableNumbers;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.revoke.revocation.StoreException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Writes "the issuer ended this session": {@code SESSION#<issuerId>#<sid>} / {@code SESSION} with {@code revoked},
 * read by the authorizer from an access token's own {@code sid}. One conditional {@code UpdateItem}, written only if
 * the session is not revoked yet (the first revocation's time and actor are kept, as for tokens).
 */
public final class SessionRevocations {
    private final DynamoDbClient dynamo;
    private final String table;

    public SessionRevocations(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * @param sub the user, when the logout names one too (kept for the audit; never needed to find the item)
     * @param ttl when the item may go: after it no token of the session can still be accepted
     * @return {@code true} if this call revoked the session, {@code false} if it already was
     */
    public boolean revoke(Session session, Optional<String> sub, String by, Optional<String> reason,
                          RevocationSource source, long ttl, Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#revoked", TokenTable.REVOKED,
                "#revokedAt", TokenTable.REVOKED_AT, "#revokedBy", TokenTable.REVOKED_BY,
                "#issuerId", TokenTable.ISSUER_ID, "#sid", TokenTable.SID, "#source", TokenTable.SOURCE,
                "#ttl", TokenTable.TTL));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":true", AttributeValue.fromBool(true),
                ":now", TableNumbers.of(now.getEpochSecond()), ":by", AttributeValue.fromS(by),
                ":issuerId", AttributeValue.fromS(session.issuerId()), ":sid", AttributeValue.fromS(session.sid()),
                ":source", AttributeValue.fromS(source.name()), ":ttl", TableNumbers.of(ttl)));
        StringBuilder update = new StringBuilder("SET #revoked = :true, #revokedAt = if_not_exists(#revokedAt, :now), "
                + "#revokedBy = if_not_exists(#revokedBy, :by), #issuerId = :issuerId, #sid = :sid, "
                + "#source = :source, #ttl = :ttl");
        sub.ifPresent(value -> {
            names.put("#sub", TokenTable.SUB);
            values.put(":sub", AttributeValue.fromS(value));
            update.append(", #sub = if_not_exists(#sub, :sub)");
        });
        reason.ifPresent(value -> {
            names.put("#reason", TokenTable.REASON);
            values.put(":reason", AttributeValue.fromS(value));
            update.append(", #reason = if_not_exists(#reason, :reason)");
        });
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(TokenTable.sessionKey(session))
                    .updateExpression(update.toString())
                    .conditionExpression(RevocationFlag.NOT_BOOLEAN_TRUE)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException alreadyRevoked) {
            return false;
        } catch (SdkException e) {
            throw StoreException.of(e);
        }
    }
}
