package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationFlag;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.TokenTable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Reads one token's state and its user's revoke-all marker, strongly consistent so a caller who has just revoked
 * sees the revocation. Only ever called after the policy allowed the caller on that user.
 */
public final class TokenStateReader {
    private final DynamoDbClient dynamo;
    private final String table;

    public TokenStateReader(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    public TokenState read(Principal user, String jti) {
        Map<String, AttributeValue> token = get(TokenTable.tokenKey(user, jti));
        Map<String, AttributeValue> marker = get(TokenTable.revokedBeforeKey(user));
        boolean exists = !token.isEmpty();
        Optional<RevocationRecord> revocation = exists && RevocationFlag.readsAsRevoked(token)
                ? Optional.of(TableItems.toRecord(RevocationKind.TOKEN, user, Optional.of(jti), token))
                : Optional.empty();
        return new TokenState(user, jti, exists, revocation, TableItems.number(token, TokenTable.EXP),
                TableItems.number(marker, TokenTable.REVOKED_BEFORE));
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder()
                    .tableName(table).key(key).consistentRead(true).build()).item();
            return item == null ? Map.of() : item;
        } catch (SdkException e) {
            throw TableItems.classify(e);
        }
    }
}
