package dev.tokengate.core.table;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The one conditional {@code UpdateItem} that writes a user's revoke-all, shared by every writer: it moves
 * {@code REVOKED_BEFORE} to the marker unless it already stands there or later (a marker only moves forward), and
 * records who asked, why and through which channel. A failed condition means an equal or later marker is stored:
 * the caller reads it from the failure ({@code ALL_OLD}).
 */
public final class RevokeAllWrite {
    private RevokeAllWrite() {
    }

    /**
     * @param by who asked: a caller (its {@code sub} and issuer profile), or the identity provider
     * @param source the channel; an API write removes a previous one, since the marker no longer describes it
     */
    public static UpdateItemRequest request(String table, Principal user, RevokeAllMarker marker, Instant now,
                                            RevocationActor by, Optional<String> reason, RevocationSource source) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#rb", TokenTable.REVOKED_BEFORE);
        names.put("#revokedAt", TokenTable.REVOKED_AT);
        names.put("#revokedBy", TokenTable.REVOKED_BY);
        names.put("#sub", TokenTable.SUB);
        names.put("#issuerId", TokenTable.ISSUER_ID);
        names.put("#ttl", TokenTable.TTL);
        values.put(":rb", TableNumbers.of(marker.revokedBefore()));
        values.put(":now", TableNumbers.of(now.getEpochSecond()));
        values.put(":by", AttributeValue.fromS(by.name()));
        values.put(":sub", AttributeValue.fromS(user.sub()));
        values.put(":issuerId", AttributeValue.fromS(user.issuerId()));
        values.put(":ttl", TableNumbers.of(marker.ttl()));
        // the marker moved: an older call's reason, actor and channel no longer describe it
        SetOrRemove described = new SetOrRemove(names, values)
                .string(TokenTable.REVOKED_BY_ISSUER_ID, by.issuerId())
                .string(TokenTable.REASON, reason)
                .string(TokenTable.SOURCE, source.isIdentityProvider() ? Optional.of(source.name()) : Optional.empty());
        String update = "SET #rb = :rb, #revokedAt = :now, #revokedBy = :by, #sub = :sub, #issuerId = :issuerId, "
                + "#ttl = :ttl" + described.setClauses() + described.removeClause();
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(TokenTable.revokedBeforeKey(user))
                .updateExpression(update)
                .conditionExpression("attribute_not_exists(#rb) OR #rb < :rb")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }
}
