package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationActor;
import dev.tokengate.core.table.RevocationFlag;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.core.table.RevokeAllMarker;
import dev.tokengate.core.table.RevokeAllWrite;
import dev.tokengate.core.table.SetOrRemove;
import dev.tokengate.core.table.TableNumbers;
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
 *   <li>a token or family item is written only if it is not revoked ({@code revoked} is not BOOL true), and ends
 *   revoked with this call's actor and reason (a state change always names its own); the first revocation's time
 *   is kept ({@code if_not_exists}); a repeated call changes nothing and answers with the stored record; its
 *   {@code ttl} only ever moves forward;</li>
 *   <li>a user's {@code REVOKED_BEFORE} marker only moves forward in time: a revoke-all older than the stored one
 *   changes nothing and answers with the stored marker.</li>
 * </ul>
 * Every other failure surfaces as a {@link StoreException}: a write that did not happen is never reported as done.
 */
public final class RevocationWriter {
    /** Conditional attempts per token or family write before giving up with a retryable failure. */
    private static final int MAX_ATTEMPTS = 3;

    /**
     * "This item is not revoked (as a BOOL true) yet": {@link RevocationFlag#isBooleanTrue} is its negation. Not
     * {@code attribute_not_exists(#revokedAt)}: an item un-revoked by hand keeps its {@code revokedAt} with
     * {@code revoked = false}, and must be revoked again rather than reported as already revoked.
     */
    private static final String REVOCABLE = RevocationFlag.NOT_BOOLEAN_TRUE;

    private final DynamoDbClient dynamo;
    private final String table;

    public RevocationWriter(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The stored record and whether this call wrote it ({@code false}: it was already there and is unchanged). */
    public record Result(RevocationRecord record, boolean written) {
    }

    public Result revokeToken(Principal user, String jti, Optional<Long> exp, long ttl, Instant now,
                              RevocationActor by, Optional<String> reason) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        SetOrRemove described = new SetOrRemove(names, values);
        StringBuilder set = revocationSet(names, values, described, now, by, reason, ttl);
        setOwner(set, names, values, user, RevocationKind.TOKEN, jti);
        if (exp.isPresent()) {
            // an item registered at issue time already knows exp from the issuer: keep it
            names.put("#exp", TokenTable.EXP);
            values.put(":exp", TableNumbers.of(exp.get()));
            set.append(", #exp = if_not_exists(#exp, :exp)");
        }
        return firstWriteWins(TokenTable.tokenKey(user, jti), set.toString(), described.removeClause(), names, values,
                RevocationKind.TOKEN, user, Optional.of(jti));
    }

    public Result revokeFamily(Principal user, String originJti, long ttl, Instant now, RevocationActor by,
                               Optional<String> reason) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        SetOrRemove described = new SetOrRemove(names, values);
        StringBuilder set = revocationSet(names, values, described, now, by, reason, ttl);
        setOwner(set, names, values, user, RevocationKind.FAMILY, originJti);
        return firstWriteWins(TokenTable.familyKey(user, originJti), set.toString(), described.removeClause(), names,
                values, RevocationKind.FAMILY, user, Optional.of(originJti));
    }

    /** Adds the owner ({@code issuerId}, {@code sub}) and the item's own id to an update, so the item names both. */
    private static void setOwner(StringBuilder set, Map<String, String> names, Map<String, AttributeValue> values,
                                 Principal user, RevocationKind kind, String id) {
        names.put("#sub", TokenTable.SUB);
        names.put("#issuerId", TokenTable.ISSUER_ID);
        names.put("#id", kind.idAttribute().orElseThrow());
        values.put(":sub", AttributeValue.fromS(user.sub()));
        values.put(":issuerId", AttributeValue.fromS(user.issuerId()));
        values.put(":id", AttributeValue.fromS(id));
        set.append(", #sub = :sub, #issuerId = :issuerId, #id = :id");
    }

    /** Moves the user's revoke-all marker forward, unless it already stands there or later. */
    public Result revokeAllBefore(Principal user, RevokeAllMarker marker, Instant now, RevocationActor by,
                                  Optional<String> reason, RevocationSource source) {
        UpdateItemRequest request = RevokeAllWrite.request(table, user, marker, now, by, reason, source);
        return execute(request, request.key(), RevocationKind.USER, user, Optional.empty());
    }

    /** @param described takes the actor's issuer and the reason: set when given, else removed */
    private static StringBuilder revocationSet(Map<String, String> names, Map<String, AttributeValue> values,
                                               SetOrRemove described, Instant now, RevocationActor by,
                                               Optional<String> reason, long ttl) {
        names.put("#revoked", TokenTable.REVOKED);
        names.put("#revokedAt", TokenTable.REVOKED_AT);
        names.put("#revokedBy", TokenTable.REVOKED_BY);
        names.put("#ttl", TokenTable.TTL);
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":now", TableNumbers.of(now.getEpochSecond()));
        values.put(":by", AttributeValue.fromS(by.name()));
        values.put(":ttl", TableNumbers.of(ttl));
        // #ttl is set by firstWriteWins, which never lets it move backwards. This update runs only when the item is
        // not revoked (the condition), so it is always a state change: its own actor and reason describe it, and
        // they replace those of a revocation someone took back by hand (the audit trail keeps both events). The
        // first revocation's time is kept (DESIGN.md)
        // (an older reason, of a revocation taken back by hand, must not describe this change: removed if none)
        described.string(TokenTable.REVOKED_BY_ISSUER_ID, by.issuerId()).string(TokenTable.REASON, reason);
        return new StringBuilder("SET #revoked = :true, #revokedAt = if_not_exists(#revokedAt, :now), "
                + "#revokedBy = :by").append(described.setClauses());
    }

    /**
     * Revokes the item unless it already is, and never moves its {@code ttl} backwards: an item may exist with a
     * longer one (registered in allowlist mode, or revoked, un-revoked and now revoked again), and shortening it
     * would let the revocation vanish while its token is still accepted. The first attempt sets {@code ttl} only if
     * the item has none or a shorter one; if that clause alone failed, the item keeps its own {@code ttl} and the
     * write is repeated without touching it, conditioned on that exact value (another writer may change it).
     */
    /** @param remove the update's REMOVE clause, or empty */
    private Result firstWriteWins(Map<String, AttributeValue> key, String set, String remove,
                                  Map<String, String> names, Map<String, AttributeValue> values, RevocationKind kind,
                                  Principal user, Optional<String> id) {
        AttributeValue keptTtl = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> attemptValues = new HashMap<>(values);
            String update;
            String condition;
            if (keptTtl == null) {
                // the type check keeps a non-numeric ttl (which DynamoDB never expires) out of the comparison
                attemptValues.put(":numberType", AttributeValue.fromS("N"));
                update = set + ", #ttl = :ttl" + remove;
                condition = "(" + REVOCABLE + ") AND (attribute_not_exists(#ttl) "
                        + "OR (attribute_type(#ttl, :numberType) AND #ttl <= :ttl))";
            } else {
                attemptValues.remove(":ttl");
                attemptValues.put(":keptTtl", keptTtl);
                update = set + remove;
                condition = "(" + REVOCABLE + ") AND #ttl = :keptTtl";
            }
            UpdateItemRequest request = UpdateItemRequest.builder()
                    .tableName(table)
                    .key(key)
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(attemptValues)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build();
            try {
                UpdateItemResponse response = dynamo.updateItem(request);
                return new Result(TableItems.toRecord(kind, user, id, response.attributes()), true);
            } catch (ConditionalCheckFailedException failed) {
                Map<String, AttributeValue> existing = existing(failed, key);
                if (RevocationFlag.isBooleanTrue(existing)) {
                    return new Result(TableItems.toRecord(kind, user, id, existing), false);
                }
                // still to revoke: only the ttl clause failed, the item already lives at least as long
                keptTtl = existing.get(TokenTable.TTL);
            } catch (SdkException e) {
                throw TableItems.classify(e);
            }
        }
        // the item's ttl kept changing under us: nothing was confirmed, a retry may pass
        throw new StoreException(true, "ConcurrentTtlChange");
    }

    private Result execute(UpdateItemRequest request, Map<String, AttributeValue> key, RevocationKind kind,
                           Principal user, Optional<String> id) {
        try {
            UpdateItemResponse response = dynamo.updateItem(request);
            return new Result(TableItems.toRecord(kind, user, id, response.attributes()), true);
        } catch (ConditionalCheckFailedException kept) {
            return new Result(TableItems.toRecord(kind, user, id, existing(kept, key)), false);
        } catch (SdkException e) {
            throw TableItems.classify(e);
        }
    }

    /** The item a failed condition saw. */
    private Map<String, AttributeValue> existing(ConditionalCheckFailedException failed,
                                                 Map<String, AttributeValue> key) {
        return failed.hasItem() && !failed.item().isEmpty() ? failed.item() : readBack(key);
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
