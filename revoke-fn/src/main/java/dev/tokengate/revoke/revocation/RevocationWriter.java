package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.TokenTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Writes revocations to the token table, each as one conditional {@code UpdateItem}:
 * <ul>
 *   <li>a token or family item is written only if it has no {@code revokedAt} yet, so the first revocation's time,
 *   actor and reason are kept and a repeated call answers with that original record;</li>
 *   <li>a user's {@code REVOKED_BEFORE} marker only moves forward in time: a revoke-all older than the stored one
 *   changes nothing and answers with the stored marker.</li>
 * </ul>
 * Every other failure surfaces as a {@link StoreException}: a write that did not happen is never reported as done.
 */
public final class RevocationWriter {
    private final DynamoDbClient dynamo;
    private final String table;

    public RevocationWriter(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The stored record and whether this call wrote it ({@code false}: it was already there and is unchanged). */
    public record Result(RevocationRecord record, boolean written) {
    }

    public Result revokeToken(String sub, String jti, Optional<Long> exp, long ttl, Instant now, String by,
                              Optional<String> reason) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = revocationSet(names, values, now, by, reason, ttl);
        names.put("#sub", TokenTable.SUB);
        names.put("#jti", TokenTable.JTI);
        values.put(":sub", AttributeValue.fromS(sub));
        values.put(":jti", AttributeValue.fromS(jti));
        set.append(", #sub = :sub, #jti = :jti");
        if (exp.isPresent()) {
            // an item registered at issue time already knows exp from the issuer: keep it
            names.put("#exp", TokenTable.EXP);
            values.put(":exp", TableItems.n(exp.get()));
            set.append(", #exp = if_not_exists(#exp, :exp)");
        }
        return firstWriteWins(TokenTable.tokenKey(sub, jti), set.toString(), names, values,
                RevocationRecord.Kind.TOKEN, sub, Optional.of(jti));
    }

    public Result revokeFamily(String sub, String originJti, long ttl, Instant now, String by,
                               Optional<String> reason) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = revocationSet(names, values, now, by, reason, ttl);
        names.put("#sub", TokenTable.SUB);
        names.put("#origin", TokenTable.ORIGIN_JTI);
        values.put(":sub", AttributeValue.fromS(sub));
        values.put(":origin", AttributeValue.fromS(originJti));
        set.append(", #sub = :sub, #origin = :origin");
        return firstWriteWins(TokenTable.familyKey(sub, originJti), set.toString(), names, values,
                RevocationRecord.Kind.FAMILY, sub, Optional.of(originJti));
    }

    /** Moves the user's revoke-all marker to {@code revokedBefore}, unless it already stands there or later. */
    public Result revokeAllBefore(String sub, long revokedBefore, long ttl, Instant now, String by,
                                  Optional<String> reason) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#rb", TokenTable.REVOKED_BEFORE);
        names.put("#revokedAt", TokenTable.REVOKED_AT);
        names.put("#revokedBy", TokenTable.REVOKED_BY);
        names.put("#reason", TokenTable.REASON);
        names.put("#sub", TokenTable.SUB);
        names.put("#ttl", TokenTable.TTL);
        values.put(":rb", TableItems.n(revokedBefore));
        values.put(":now", TableItems.n(now.getEpochSecond()));
        values.put(":by", AttributeValue.fromS(by));
        values.put(":sub", AttributeValue.fromS(sub));
        values.put(":ttl", TableItems.n(ttl));
        String update = "SET #rb = :rb, #revokedAt = :now, #revokedBy = :by, #sub = :sub, #ttl = :ttl";
        if (reason.isPresent()) {
            values.put(":reason", AttributeValue.fromS(reason.get()));
            update += ", #reason = :reason";
        } else {
            update += " REMOVE #reason"; // the marker moved: an older call's reason no longer describes it
        }
        Map<String, AttributeValue> key = TokenTable.revokedBeforeKey(sub);
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(table)
                .key(key)
                .updateExpression(update)
                .conditionExpression("attribute_not_exists(#rb) OR #rb < :rb")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        return execute(request, key, RevocationRecord.Kind.USER, sub, Optional.empty());
    }

    private static StringBuilder revocationSet(Map<String, String> names, Map<String, AttributeValue> values,
                                               Instant now, String by, Optional<String> reason, long ttl) {
        names.put("#revoked", TokenTable.REVOKED);
        names.put("#revokedAt", TokenTable.REVOKED_AT);
        names.put("#revokedBy", TokenTable.REVOKED_BY);
        names.put("#ttl", TokenTable.TTL);
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":now", TableItems.n(now.getEpochSecond()));
        values.put(":by", AttributeValue.fromS(by));
        values.put(":ttl", TableItems.n(ttl));
        StringBuilder set = new StringBuilder(
                "SET #revoked = :true, #revokedAt = :now, #revokedBy = :by, #ttl = :ttl");
        if (reason.isPresent()) {
            names.put("#reason", TokenTable.REASON);
            values.put(":reason", AttributeValue.fromS(reason.get()));
            set.append(", #reason = :reason");
        }
        return set;
    }

    private Result firstWriteWins(Map<String, AttributeValue> key, String update, Map<String, String> names,
                                  Map<String, AttributeValue> values, RevocationRecord.Kind kind, String sub,
                                  Optional<String> id) {
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(table)
                .key(key)
                .updateExpression(update)
                // an item may exist (registered in allowlist mode) but only an unrevoked one is written
                .conditionExpression("attribute_not_exists(#revokedAt)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        return execute(request, key, kind, sub, id);
    }

    private Result execute(UpdateItemRequest request, Map<String, AttributeValue> key, RevocationRecord.Kind kind,
                           String sub, Optional<String> id) {
        try {
            UpdateItemResponse response = dynamo.updateItem(request);
            return new Result(TableItems.toRecord(kind, sub, id, response.attributes()), true);
        } catch (ConditionalCheckFailedException kept) {
            Map<String, AttributeValue> existing = kept.hasItem() && !kept.item().isEmpty()
                    ? kept.item()
                    : readBack(key);
            return new Result(TableItems.toRecord(kind, sub, id, existing), false);
        } catch (SdkException e) {
            throw TableItems.classify(e);
        }
    }

    /** For engines that do not return the old item with a failed condition: one strongly consistent read. */
    private Map<String, AttributeValue> readBack(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(GetItemRequest.builder().tableName(table).key(key).consistentRead(true).build())
                    .item();
        } catch (SdkException e) {
            throw TableItems.classify(e);
        }
        if (item == null || item.isEmpty()) {
            // the condition saw an item that is gone now (deleted in between): nothing to report as kept, and
            // nothing was written by this call, so it must not answer success
            throw new StoreException(true, "ItemVanishedAfterConditionCheck");
        }
        return item;
    }
}
