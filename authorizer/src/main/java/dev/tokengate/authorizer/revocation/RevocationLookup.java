package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.metrics.Timings;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationFlag;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.Session;
import dev.tokengate.core.table.TableNumbers;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.ValidatedToken;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The revocation state of one verified token in one DynamoDB round trip: a {@code BatchGetItem} for the token item,
 * the family item (when the token has {@code origin_jti}), the session item (when it has {@code sid}: the issuer may
 * have ended that session by back-channel logout) and the user's {@code REVOKED_BEFORE}, strongly consistent unless
 * configured otherwise.
 *
 * <p>Keys are built only from the claims of a token whose signature has verified ({@link ValidatedToken}), so a
 * caller cannot make the authorizer read another user's partition. {@code UnprocessedKeys} are retried a bounded
 * number of times, with jitter, inside the client's own call budget ({@code STORE_TIMEOUT_MILLIS} covers the whole
 * lookup, not each call); a lookup still incomplete after that, or any SDK failure, is {@code UNAVAILABLE}: the
 * caller answers an error, never Allow.
 *
 * <p>Throttling is reported as what it is ({@code STORE_THROTTLED}) so an alarm can tell a hot partition or an
 * exhausted quota from an outage: a call whose last attempt DynamoDB refused for capacity (the SDK has already
 * retried it within the budget, see {@link DynamoDbClients}), and {@code UnprocessedKeys} left after the last round,
 * which for three small items of one partition means throughput: the other causes the API names, a response over
 * 16 MB or over 1 MB per partition, cannot happen here.
 */
public final class RevocationLookup implements RevocationCheck {
    /** Extra BatchGetItem calls allowed for UnprocessedKeys; together they stay inside the client's call budget. */
    static final int MAX_UNPROCESSED_RETRIES = 2;
    /** Used when the client names no call timeout (tests only: the production client always has one). */
    private static final Duration DEFAULT_BUDGET = Duration.ofSeconds(1);

    private static final String PROJECTION = "#sk, #revoked, #before, #ttl";
    private static final Map<String, String> PROJECTION_NAMES = Map.of(
            "#sk", TokenTable.SORT_KEY,
            "#revoked", TokenTable.REVOKED,
            "#before", TokenTable.REVOKED_BEFORE,
            "#ttl", TokenTable.TTL); // ttl is a DynamoDB reserved word: always through a name placeholder

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final boolean consistentRead;
    private final RevocationMode mode;
    private final Duration retryBackoff;
    private final Duration budget;
    private final Timings roundTrips;

    public RevocationLookup(DynamoDbClient dynamoDb, String table, boolean consistentRead, RevocationMode mode) {
        this(dynamoDb, table, consistentRead, mode, new Timings());
    }

    /** @param roundTrips where each round trip's duration goes (the decision line's {@code StoreLatency}) */
    public RevocationLookup(DynamoDbClient dynamoDb, String table, boolean consistentRead, RevocationMode mode,
                            Timings roundTrips) {
        this(dynamoDb, table, consistentRead, mode, Duration.ofMillis(10), roundTrips);
    }

    RevocationLookup(DynamoDbClient dynamoDb, String table, boolean consistentRead, RevocationMode mode,
                     Duration retryBackoff) {
        this(dynamoDb, table, consistentRead, mode, retryBackoff, new Timings());
    }

    private RevocationLookup(DynamoDbClient dynamoDb, String table, boolean consistentRead, RevocationMode mode,
                             Duration retryBackoff, Timings roundTrips) {
        this.roundTrips = Objects.requireNonNull(roundTrips, "roundTrips");
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.consistentRead = consistentRead;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
        this.budget = dynamoDb.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()
                .orElse(DEFAULT_BUDGET);
    }

    @Override
    public RevocationStatus check(ValidatedToken token, Instant now) {
        Principal user = token.principal();
        String tokenSort = RevocationKind.TOKEN.sortKey(token.tokenId());
        String familySort = token.originTokenId().map(RevocationKind.FAMILY::sortKey).orElse(null);
        String revokedBeforeSort = RevocationKind.USER.sortKey(null);
        List<Map<String, AttributeValue>> keys = new ArrayList<>(4);
        keys.add(TokenTable.tokenKey(user, token.tokenId()));
        token.originTokenId().ifPresent(origin -> keys.add(TokenTable.familyKey(user, origin)));
        keys.add(TokenTable.revokedBeforeKey(user));
        // The session item lives in its own partition (a logout may name the session without its user); its sort
        // key SESSION is unlike any user item's, so the answers still tell apart by sort key alone.
        Map<String, AttributeValue> sessionKey = token.sessionId()
                .map(sid -> TokenTable.sessionKey(new Session(token.issuerId(), sid))).orElse(null);
        if (sessionKey != null) {
            keys.add(sessionKey);
        }

        Map<String, Map<String, AttributeValue>> bySortKey = new HashMap<>(4);
        KeysAndAttributes pending = KeysAndAttributes.builder()
                .keys(keys)
                .consistentRead(consistentRead)
                .projectionExpression(PROJECTION)
                .expressionAttributeNames(PROJECTION_NAMES)
                .build();
        String partition = TokenTable.userPartition(user);
        long started = System.nanoTime();
        // Elapsed time of the lookup itself, not the decision's clock: the budget is a duration on this machine.
        long deadline = started + budget.toNanos();
        String sessionPartition = sessionKey == null ? null : sessionKey.get(TokenTable.PARTITION_KEY).s();
        try {
            for (int round = 0; ; round++) {
                KeysAndAttributes request = pending;
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.isNegative() || left.isZero()) {
                    return RevocationStatus.throttled("UnprocessedKeys left when the budget ran out after "
                            + round + " calls");
                }
                BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b
                        .requestItems(Map.of(table, request))
                        .overrideConfiguration(o -> o.apiCallTimeout(left)));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    AttributeValue pk = item.get(TokenTable.PARTITION_KEY);
                    AttributeValue sk = item.get(TokenTable.SORT_KEY);
                    // PK is not projected; an item only ever comes back for a key we asked for.
                    if (sk != null && sk.s() != null
                            && (pk == null || partition.equals(pk.s()) || pk.s().equals(sessionPartition))) {
                        bySortKey.put(sk.s(), item);
                    }
                }
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                if (unprocessed == null || !unprocessed.hasKeys() || unprocessed.keys().isEmpty()) {
                    break;
                }
                if (round >= MAX_UNPROCESSED_RETRIES) {
                    return RevocationStatus.throttled("UnprocessedKeys left after " + (round + 1) + " calls");
                }
                pending = unprocessed;
                pause(round, deadline);
            }
        } catch (AwsServiceException e) {
            // Only the class name is logged; SDK messages can carry request details we do not want in every line.
            return e.isThrottlingException() ? RevocationStatus.throttled(e.getClass().getSimpleName())
                    : RevocationStatus.unavailable(e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // Timeouts, a stopped endpoint, a refused connection: all fail closed.
            return RevocationStatus.unavailable(e.getClass().getSimpleName());
        } finally {
            roundTrips.record(System.nanoTime() - started);
        }
        return evaluate(mode, token, bySortKey.get(tokenSort),
                familySort == null ? null : bySortKey.get(familySort),
                bySortKey.get(revokedBeforeSort),
                sessionKey == null ? null : bySortKey.get(TokenTable.SESSION_SORT_KEY), now);
    }

    /**
     * Revocation facts are honoured even on an item past its {@code ttl} (refusing is the safe side); a
     * registration past its {@code ttl} proves nothing, as DESIGN.md requires.
     */
    static RevocationStatus evaluate(RevocationMode mode, ValidatedToken token, Map<String, AttributeValue> tokenItem,
                                     Map<String, AttributeValue> familyItem,
                                     Map<String, AttributeValue> revokedBeforeItem,
                                     Map<String, AttributeValue> sessionItem, Instant now) {
        if (tokenItem != null && RevocationFlag.readsAsRevoked(tokenItem)) {
            return RevocationStatus.revoked(RevocationKind.TOKEN.denyReason(), "token item is revoked");
        }
        if (familyItem != null && RevocationFlag.readsAsRevoked(familyItem)) {
            return RevocationStatus.revoked(RevocationKind.FAMILY.denyReason(), "family item is revoked");
        }
        if (sessionItem != null && RevocationFlag.readsAsRevoked(sessionItem)) {
            return RevocationStatus.revoked(DenyReason.SESSION_REVOKED, "the issuer ended the token's session");
        }
        if (revokedBeforeItem != null) {
            BigDecimal revokedBefore = TableNumbers.epochSeconds(revokedBeforeItem.get(TokenTable.REVOKED_BEFORE))
                    .orElse(null);
            if (revokedBefore == null) {
                return RevocationStatus.revoked(RevocationKind.USER.denyReason(),
                        "REVOKED_BEFORE item without a numeric revokedBefore: failing closed");
            }
            if (BigDecimal.valueOf(token.issuedAt().getEpochSecond()).compareTo(revokedBefore) < 0) {
                return RevocationStatus.revoked(RevocationKind.USER.denyReason(),
                        "issued before the user's revoke-all");
            }
        }
        if (mode == RevocationMode.ALLOWLIST) {
            if (tokenItem == null) {
                return RevocationStatus.revoked(DenyReason.TOKEN_NOT_REGISTERED, "no token item (allowlist mode)");
            }
            BigDecimal ttl = TableNumbers.epochSeconds(tokenItem.get(TokenTable.TTL)).orElse(null);
            if (ttl != null && ttl.compareTo(BigDecimal.valueOf(now.getEpochSecond())) < 0) {
                return RevocationStatus.revoked(DenyReason.TOKEN_NOT_REGISTERED, "registration is past its ttl");
            }
        }
        return RevocationStatus.notRevoked("checked");
    }

    /**
     * Full jitter up to {@code retryBackoff * 2^round}, never past the deadline (a pause that would end after it is
     * cut short, and the next round finds no budget left).
     */
    private void pause(int round, long deadline) {
        long millis = Math.min(DynamoDbClients.backoff(retryBackoff, round + 1).toMillis(),
                Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
