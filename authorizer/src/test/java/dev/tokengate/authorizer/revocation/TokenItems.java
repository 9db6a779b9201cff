package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.Session;
import dev.tokengate.core.table.TokenTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes token-table items the way DESIGN.md lays them out, with core's {@link TokenTable} vocabulary, for the users
 * of one issuer profile ({@code default} unless {@link #ofIssuer} names another).
 */
public final class TokenItems {
    private final DynamoDbClient client;
    private final String table;
    private final String issuerId;

    public TokenItems(DynamoDbClient client, String table) {
        this(client, table, "default");
    }

    private TokenItems(DynamoDbClient client, String table, String issuerId) {
        this.client = client;
        this.table = table;
        this.issuerId = issuerId;
    }

    /** The same table, for the users of another issuer profile. */
    public TokenItems ofIssuer(String otherIssuerId) {
        return new TokenItems(client, table, otherIssuerId);
    }

    private Principal user(String sub) {
        return new Principal(issuerId, sub);
    }

    public void revokedToken(String sub, String jti, Instant exp) {
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.tokenKey(user(sub), jti));
        item.put(TokenTable.JTI, AttributeValue.fromS(jti));
        item.put(TokenTable.SUB, AttributeValue.fromS(sub));
        item.put(TokenTable.EXP, number(exp.getEpochSecond()));
        item.put(TokenTable.REVOKED, AttributeValue.fromBool(true));
        item.put(TokenTable.REVOKED_AT, number(exp.getEpochSecond() - 1800));
        item.put(TokenTable.REVOKED_BY, AttributeValue.fromS(sub));
        item.put(TokenTable.REASON, AttributeValue.fromS("logout"));
        item.put(TokenTable.TTL, number(exp.getEpochSecond()));
        client.putItem(b -> b.tableName(table).item(item));
    }

    /** Allowlist mode: the item written at issue time. */
    public void registeredToken(String sub, String jti, Instant exp) {
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.tokenKey(user(sub), jti));
        item.put(TokenTable.JTI, AttributeValue.fromS(jti));
        item.put(TokenTable.SUB, AttributeValue.fromS(sub));
        item.put(TokenTable.EXP, number(exp.getEpochSecond()));
        item.put(TokenTable.REVOKED, AttributeValue.fromBool(false));
        item.put(TokenTable.TTL, number(exp.getEpochSecond()));
        client.putItem(b -> b.tableName(table).item(item));
    }

    public void revokedFamily(String sub, String originJti, Instant ttl) {
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.familyKey(user(sub), originJti));
        item.put(TokenTable.REVOKED, AttributeValue.fromBool(true));
        item.put(TokenTable.REVOKED_AT, number(ttl.getEpochSecond() - 3600));
        item.put(TokenTable.REVOKED_BY, AttributeValue.fromS("admin"));
        item.put(TokenTable.REASON, AttributeValue.fromS("refresh token reuse"));
        item.put(TokenTable.TTL, number(ttl.getEpochSecond()));
        client.putItem(b -> b.tableName(table).item(item));
    }

    public void revokedBefore(String sub, Instant revokedBefore) {
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.revokedBeforeKey(user(sub)));
        item.put(TokenTable.REVOKED_BEFORE, number(revokedBefore.getEpochSecond()));
        item.put(TokenTable.REVOKED_AT, number(revokedBefore.getEpochSecond()));
        item.put(TokenTable.REVOKED_BY, AttributeValue.fromS(sub));
        item.put(TokenTable.REASON, AttributeValue.fromS("password change"));
        item.put(TokenTable.TTL, number(revokedBefore.getEpochSecond() + 86_400));
        client.putItem(b -> b.tableName(table).item(item));
    }

    /** A session the issuer ended (back-channel logout by sid): keyed by issuer and sid, not by user. */
    public void revokedSession(String sid, Instant ttl) {
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.sessionKey(new Session(issuerId, sid)));
        item.put(TokenTable.SID, AttributeValue.fromS(sid));
        item.put(TokenTable.ISSUER_ID, AttributeValue.fromS(issuerId));
        item.put(TokenTable.REVOKED, AttributeValue.fromBool(true));
        item.put(TokenTable.REVOKED_AT, number(ttl.getEpochSecond() - 3600));
        item.put(TokenTable.REVOKED_BY, AttributeValue.fromS("https://" + issuerId + ".example.com"));
        item.put(TokenTable.SOURCE, AttributeValue.fromS("BACKCHANNEL_LOGOUT"));
        item.put(TokenTable.TTL, number(ttl.getEpochSecond()));
        client.putItem(b -> b.tableName(table).item(item));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
