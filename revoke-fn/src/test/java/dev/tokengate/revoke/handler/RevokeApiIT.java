package dev.tokengate.revoke.handler;

import static dev.tokengate.revoke.handler.ProxyEvents.asCaller;
import static dev.tokengate.revoke.handler.ProxyEvents.invoke;
import static dev.tokengate.revoke.handler.ProxyEvents.load;
import static dev.tokengate.revoke.handler.ProxyEvents.ownTokenById;
import static dev.tokengate.revoke.handler.ProxyEvents.route;
import static dev.tokengate.revoke.handler.ProxyEvents.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.revoke.cache.FlushTarget;
import dev.tokengate.revoke.cache.StageFlusher;
import dev.tokengate.revoke.handler.ProxyEvents.Reply;
import dev.tokengate.revoke.testing.CapturingLog;
import dev.tokengate.revoke.testing.Fixture;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real handler, driven with the sample events, writing to a real DynamoDB API (moto). Each test has its own
 * table; "nothing written" is proven by scanning it.
 */
@ExtendWith(MotoExtension.class)
class RevokeApiIT {
    private static final long NOW = Fixture.NOW.getEpochSecond();
    private static final long DAY = 86_400;
    private static final long SKEW = 30;

    private final Fixture fixture = new Fixture();
    private final CapturingLog log = new CapturingLog();
    private MotoServer moto;
    private DynamoDbClient dynamo;
    private String table;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        this.dynamo = moto.dynamoDb();
        this.table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", true);
    }

    @AfterEach
    void tearDown() {
        assertThat(log.joined()).doesNotContain("eyJ");
        dynamo.close();
    }

    private RevokeApiHandler handler(long atEpochSecond) {
        return new RevokeApiHandler(fixture.config(table), dynamo,
                null, Clock.fixed(java.time.Instant.ofEpochSecond(atEpochSecond), ZoneOffset.UTC), log);
    }

    private RevokeApiHandler handler() {
        return handler(NOW);
    }

    private List<Map<String, AttributeValue>> scan() {
        return dynamo.scan(r -> r.tableName(table).consistentRead(true)).items();
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        return dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
    }

    @Test
    void selfRevokeStoresTheRevocationWithTheCallerAsActor() {
        Reply reply = invoke(handler(), load("revoke-own-token.json"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("outcome")).isEqualTo("REVOKED");
        assertThat(reply.text("revokedBy")).isEqualTo("user-alice");
        Map<String, AttributeValue> item = item(TokenTable.tokenKey(user("user-alice"), "7d0c1a52-aaaa-4f6e-9d1e-000000000001"));
        assertThat(item.get("revoked").bool()).isTrue();
        assertThat(item.get("revokedAt").n()).isEqualTo(Long.toString(NOW));
        assertThat(item.get("revokedBy").s()).isEqualTo("user-alice");
        assertThat(item.get("reason").s()).isEqualTo("lost phone");
        assertThat(item.get("sub").s()).isEqualTo("user-alice");
        assertThat(item.get("jti").s()).isEqualTo("7d0c1a52-aaaa-4f6e-9d1e-000000000001");
        // exp unknown: no token outlives MAX_TOKEN_LIFETIME_SECONDS (+ skew)
        // a token accepted now was issued at most a skew ahead and is accepted a skew past its exp: two skews
        assertThat(item.get("ttl").n()).isEqualTo(Long.toString(NOW + DAY + 2 * SKEW));
        assertThat(log.last()).contains("\"route\":\"POST /revocations\"", "\"callerSub\":\"user-alice\"",
                "\"targetSub\":\"user-alice\"", "\"outcome\":\"REVOKED\"", "\"status\":200");
    }

    @Test
    void unverifiedExpIsStoredButDoesNotShortenTheTtl() {
        // the body's exp (NOW + 1 h) is the caller's word: the item lives as long as any token may
        Reply reply = invoke(handler(), load("revoke-own-token-with-exp.json"));

        assertThat(reply.status()).isEqualTo(200);
        Map<String, AttributeValue> item = item(TokenTable.tokenKey(user("user-alice"), "7d0c1a52-aaaa-4f6e-9d1e-000000000002"));
        assertThat(item.get("exp").n()).isEqualTo("1767229200");
        assertThat(item.get("ttl").n()).isEqualTo(Long.toString(NOW + DAY + 2 * SKEW));
    }

    @Test
    void byIdWithAPastExpIsStillWrittenNeverAnExpiredNoOp() {
        ObjectNode event = ownTokenById(
                Map.<String, Object>of("jti", "lied-about", "sub", "user-alice", "exp", NOW - 3600));

        Reply reply = invoke(handler(), event);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("outcome")).isEqualTo("REVOKED");
        Map<String, AttributeValue> item = item(TokenTable.tokenKey(user("user-alice"), "lied-about"));
        assertThat(item.get("revoked").bool()).isTrue();
        assertThat(item.get("ttl").n()).isEqualTo(Long.toString(NOW + DAY + 2 * SKEW));
    }

    @Test
    void revokingARegisteredItemNeverShortensItsTtl() {
        long registeredTtl = NOW + 10 * DAY;
        putRegistered("user-alice", "presented-long", AttributeValue.fromN(Long.toString(registeredTtl)));
        putRegistered("user-alice", "by-id-long", AttributeValue.fromN(Long.toString(registeredTtl)));
        putRegistered("user-alice", "odd-ttl", AttributeValue.fromS("never"));
        String token = fixture.token("user-alice", "presented-long").sign(fixture.key);

        Reply presented = invoke(handler(), withBody(load("revoke-presented-token.json"), Map.of("token", token)));
        Reply byId = invoke(handler(), ownTokenById(
                Map.of("jti", "by-id-long", "sub", "user-alice")));
        Reply odd = invoke(handler(), ownTokenById(
                Map.of("jti", "odd-ttl", "sub", "user-alice")));

        for (Reply reply : List.of(presented, byId, odd)) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text("outcome")).isEqualTo("REVOKED");
        }
        assertThat(presented.body().get("ttl").asLong()).isEqualTo(registeredTtl);
        for (String jti : List.of("presented-long", "by-id-long")) {
            Map<String, AttributeValue> item = item(TokenTable.tokenKey(user("user-alice"), jti));
            assertThat(item.get("revoked").bool()).as(jti).isTrue();
            assertThat(item.get("ttl").n()).as(jti).isEqualTo(Long.toString(registeredTtl));
        }
        Map<String, AttributeValue> oddItem = item(TokenTable.tokenKey(user("user-alice"), "odd-ttl"));
        assertThat(oddItem.get("revoked").bool()).isTrue();
        assertThat(oddItem.get("ttl").s()).isEqualTo("never");
    }

    @Test
    void revokingARegisteredItemWithAShorterTtlExtendsIt() {
        putRegistered("user-alice", "short", AttributeValue.fromN(Long.toString(NOW + 60)));

        invoke(handler(), ownTokenById(Map.of("jti", "short", "sub", "user-alice")));

        assertThat(item(TokenTable.tokenKey(user("user-alice"), "short")).get("ttl").n())
                .isEqualTo(Long.toString(NOW + DAY + 2 * SKEW));
    }

    @Test
    void anItemUnRevokedByHandIsRevokedAgainByItsOwnActorNotReportedAsAlreadyRevoked() {
        // a manual un-revoke: revokedAt/revokedBy/reason stay, revoked is set to false
        Map<String, AttributeValue> token = new HashMap<>(TokenTable.tokenKey(user("user-alice"), "undone"));
        token.put("revoked", AttributeValue.fromBool(false));
        token.put("revokedAt", AttributeValue.fromN(Long.toString(NOW - 600)));
        token.put("revokedBy", AttributeValue.fromS("user-security-admin"));
        token.put("reason", AttributeValue.fromS("first time"));
        token.put("ttl", AttributeValue.fromN(Long.toString(NOW + DAY)));
        dynamo.putItem(r -> r.tableName(table).item(token));
        Map<String, AttributeValue> family = new HashMap<>(token);
        family.putAll(TokenTable.familyKey(user("user-alice"), "f1a2b3c4-0000-4000-8000-00000000f001"));
        dynamo.putItem(r -> r.tableName(table).item(family));

        Reply byId = invoke(handler(), ownTokenById(
                Map.of("jti", "undone", "sub", "user-alice", "reason", "again")));
        Reply families = invoke(handler(), load("revoke-family.json"));

        for (Reply reply : List.of(byId, families)) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text("outcome")).isEqualTo("REVOKED");
            assertThat(reply.body().get("revoked").asBoolean()).isTrue();
            // the first revocation's time is kept; who revoked and why are this state change's own
            assertThat(reply.body().get("revokedAt").asLong()).isEqualTo(NOW - 600);
            assertThat(reply.text("revokedBy")).isEqualTo("user-alice");
        }
        assertThat(byId.text("reason")).isEqualTo("again");
        assertThat(families.text("reason")).isEqualTo("refresh token stolen");
        for (Map<String, AttributeValue> key : List.of(TokenTable.tokenKey(user("user-alice"), "undone"),
                TokenTable.familyKey(user("user-alice"), "f1a2b3c4-0000-4000-8000-00000000f001"))) {
            // what the authorizer reads: a BOOL true revoked denies the token
            Map<String, AttributeValue> item = item(key);
            assertThat(item.get("revoked").bool()).isTrue();
            assertThat(item.get("revokedAt").n()).isEqualTo(Long.toString(NOW - 600));
            // what the audit records for this change: its own actor, never the one who revoked first
            assertThat(item.get("revokedBy").s()).isEqualTo("user-alice");
        }
        Reply state = invoke(handler(), route(load("get-token-state.json"), "GET", "/revocations/undone"));
        assertThat(state.body().get("revoked").asBoolean()).isTrue();
    }

    /** An allowlist-mode registration: the item exists, not revoked, with its own ttl. */
    private void putRegistered(String sub, String jti, AttributeValue ttl) {
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.tokenKey(user(sub), jti));
        item.put("sub", AttributeValue.fromS(sub));
        item.put("jti", AttributeValue.fromS(jti));
        item.put("revoked", AttributeValue.fromBool(false));
        item.put("ttl", ttl);
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Test
    void presentedTokenIsRevokedByItsVerifiedSubAndJti() {
        String token = fixture.token("user-alice", "presented-1").sign(fixture.key);

        Reply reply = invoke(handler(), withBody(load("revoke-presented-token.json"),
                Map.of("token", token, "reason", "leaked in a log")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("jti")).isEqualTo("presented-1");
        Map<String, AttributeValue> item = item(TokenTable.tokenKey(user("user-alice"), "presented-1"));
        assertThat(item.get("exp").n()).isEqualTo(Long.toString(NOW + 3600));
        assertThat(item.get("ttl").n()).isEqualTo(Long.toString(NOW + 3600 + SKEW));
        assertThat(log.joined()).doesNotContain(token);
    }

    @Test
    void presentedExpiredTokenIsASuccessfulNoOp() {
        String expired = fixture.token("user-alice", "old-1")
                .issuedAt(Fixture.NOW.minusSeconds(7200)).expiresAt(Fixture.NOW.minusSeconds(3600)).sign(fixture.key);

        Reply reply = invoke(handler(), withBody(load("revoke-presented-token.json"), Map.of("token", expired)));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("outcome")).isEqualTo("ALREADY_EXPIRED");
        assertThat(reply.body().get("revoked").asBoolean()).isFalse();
        assertThat(scan()).isEmpty();
    }

    @Test
    void adminRevokesAnotherUsersToken() {
        Reply reply = invoke(handler(), load("admin-revoke-other-token.json"));

        assertThat(reply.status()).isEqualTo(200);
        Map<String, AttributeValue> item = item(TokenTable.tokenKey(user("user-bob"), "7d0c1a52-bbbb-4f6e-9d1e-000000000001"));
        assertThat(item.get("revokedBy").s()).isEqualTo("user-security-admin");
        assertThat(log.last()).contains("\"callerSub\":\"user-security-admin\"", "\"targetSub\":\"user-bob\"");
    }

    @Test
    void adminRevokesAllOfAnotherUsersTokens() {
        Reply reply = invoke(handler(), load("admin-revoke-all-other.json"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("revokedBefore").asLong()).isEqualTo(NOW + 1 + SKEW);
        Map<String, AttributeValue> marker = item(TokenTable.revokedBeforeKey(user("user-bob")));
        assertThat(marker.get("revokedBefore").n()).isEqualTo(Long.toString(NOW + 1 + SKEW));
        assertThat(marker.get("revokedBy").s()).isEqualTo("user-security-admin");
        assertThat(marker.get("ttl").n()).isEqualTo(Long.toString(NOW + 1 + SKEW + DAY + SKEW));
    }

    @Test
    void revokeAllCoversATokenStampedByAnIssuerClockAheadByTheSkew() {
        // issued just before the revoke-all by an issuer whose clock runs SKEW seconds ahead: the authorizer
        // accepts its iat of NOW + SKEW, so the marker must lie beyond it (the authorizer denies iat < revokedBefore)
        long iatAhead = NOW + SKEW;

        invoke(handler(), load("revoke-all-own.json"));

        long revokedBefore = Long.parseLong(item(TokenTable.revokedBeforeKey(user("user-alice"))).get("revokedBefore").n());
        assertThat(iatAhead).isLessThan(revokedBefore);
    }

    @Test
    void nonAdminIsRefusedOnEveryRouteForAnotherUserAndNothingIsWritten() {
        RevokeApiHandler handler = handler();
        List<String> bodies = new ArrayList<>();
        for (String event : List.of("idor-revoke-other-token.json", "idor-revoke-other-family.json",
                "idor-revoke-all-other.json", "idor-get-other-token-state.json")) {
            Reply reply = invoke(handler, load(event));
            assertThat(reply.status()).as(event).isEqualTo(403);
            bodies.add(reply.rawBody());
        }
        String bobsToken = fixture.token("user-bob", "bob-presented").sign(fixture.key);
        Reply presented = invoke(handler, withBody(load("revoke-presented-token.json"), Map.of("token", bobsToken)));
        assertThat(presented.status()).isEqualTo(403);
        bodies.add(presented.rawBody());

        assertThat(bodies).containsOnly(bodies.get(0));
        assertThat(scan()).isEmpty();
    }

    @Test
    void refusalIsIdenticalWhenTheTargetTokenExists() {
        String before = invoke(handler(), load("idor-get-other-token-state.json")).rawBody();
        invoke(handler(), load("admin-revoke-other-token.json"));
        Map<String, AttributeValue> bobs = item(TokenTable.tokenKey(user("user-bob"), "7d0c1a52-bbbb-4f6e-9d1e-000000000001"));

        String after = invoke(handler(), load("idor-get-other-token-state.json")).rawBody();
        Reply revokeAgain = invoke(handler(), load("idor-revoke-other-token.json"));

        assertThat(after).isEqualTo(before);
        assertThat(revokeAgain.rawBody()).isEqualTo(before);
        assertThat(item(TokenTable.tokenKey(user("user-bob"), "7d0c1a52-bbbb-4f6e-9d1e-000000000001"))).isEqualTo(bobs);
    }

    @Test
    void revokingAgainKeepsTheFirstRecordAndStillSucceeds() {
        invoke(handler(NOW), load("revoke-own-token.json"));
        ObjectNode second = withBody(load("admin-revoke-other-token.json"),
                Map.of("jti", "7d0c1a52-aaaa-4f6e-9d1e-000000000001", "sub", "user-alice", "reason", "second"));

        Reply reply = invoke(handler(NOW + 100), second);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("outcome")).isEqualTo("ALREADY_REVOKED");
        assertThat(reply.body().get("revokedAt").asLong()).isEqualTo(NOW);
        assertThat(reply.text("revokedBy")).isEqualTo("user-alice");
        assertThat(reply.text("reason")).isEqualTo("lost phone");
        Map<String, AttributeValue> item = item(TokenTable.tokenKey(user("user-alice"), "7d0c1a52-aaaa-4f6e-9d1e-000000000001"));
        assertThat(item.get("revokedAt").n()).isEqualTo(Long.toString(NOW));
        assertThat(item.get("revokedBy").s()).isEqualTo("user-alice");
        assertThat(item.get("reason").s()).isEqualTo("lost phone");
    }

    @Test
    void revokeAllOnlyMovesForward() {
        Reply later = invoke(handler(NOW + 100), load("revoke-all-own.json"));
        assertThat(later.text("outcome")).isEqualTo("REVOKED");

        Reply older = invoke(handler(NOW), withBody(load("revoke-all-own.json"), Map.of("reason", "older")));
        assertThat(older.status()).isEqualTo(200);
        assertThat(older.text("outcome")).isEqualTo("ALREADY_REVOKED");
        assertThat(older.body().get("revokedBefore").asLong()).isEqualTo(NOW + 101 + SKEW);
        assertThat(older.text("reason")).isEqualTo("sign out everywhere");
        assertThat(item(TokenTable.revokedBeforeKey(user("user-alice"))).get("revokedBefore").n())
                .isEqualTo(Long.toString(NOW + 101 + SKEW));

        Reply newer = invoke(handler(NOW + 500), withBody(load("revoke-all-own.json"), ""));
        assertThat(newer.text("outcome")).isEqualTo("REVOKED");
        Map<String, AttributeValue> marker = item(TokenTable.revokedBeforeKey(user("user-alice")));
        assertThat(marker.get("revokedBefore").n()).isEqualTo(Long.toString(NOW + 501 + SKEW));
        assertThat(marker).doesNotContainKey("reason");
    }

    @Test
    void familyRevocationIsStoredOnceWithItsLifetime() {
        Reply first = invoke(handler(), load("revoke-family.json"));
        Reply again = invoke(handler(NOW + 60), load("revoke-family.json"));

        assertThat(first.text("outcome")).isEqualTo("REVOKED");
        assertThat(first.text("originJti")).isEqualTo("f1a2b3c4-0000-4000-8000-00000000f001");
        assertThat(again.text("outcome")).isEqualTo("ALREADY_REVOKED");
        assertThat(again.body().get("revokedAt").asLong()).isEqualTo(NOW);
        Map<String, AttributeValue> item = item(TokenTable.familyKey(user("user-alice"), "f1a2b3c4-0000-4000-8000-00000000f001"));
        assertThat(item.get("revoked").bool()).isTrue();
        assertThat(item.get("originJti").s()).isEqualTo("f1a2b3c4-0000-4000-8000-00000000f001");
        // A refresh token issued up to now mints family members for its whole life (30 days by default), and the
        // last one minted lives a token lifetime more: the item must outlive both, or the family revives.
        assertThat(item.get("ttl").n()).isEqualTo(Long.toString(NOW + 30 * DAY + DAY + 2 * SKEW));
    }

    @Test
    void tokenStateShowsOwnRevocationAndRevokeAllMarker() {
        RevokeApiHandler handler = handler();
        Reply unknown = invoke(handler, load("get-token-state.json"));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body().get("revoked").asBoolean()).isFalse();
        assertThat(unknown.body().get("itemExists").asBoolean()).isFalse();

        invoke(handler, load("revoke-own-token.json"));
        invoke(handler, load("revoke-all-own.json"));
        ObjectNode withoutSub = load("get-token-state.json");
        withoutSub.putNull("queryStringParameters");
        withoutSub.putNull("multiValueQueryStringParameters");

        Reply known = invoke(handler, withoutSub);

        assertThat(known.status()).isEqualTo(200);
        assertThat(known.text("sub")).isEqualTo("user-alice");
        assertThat(known.body().get("revoked").asBoolean()).isTrue();
        assertThat(known.text("revokedBy")).isEqualTo("user-alice");
        assertThat(known.body().get("userRevokedBefore").asLong()).isEqualTo(NOW + 1 + SKEW);
    }

    @Test
    void tokenStateReportsANonBooleanRevokedAsRevokedLikeTheAuthorizer() {
        Map<String, AttributeValue> item = new HashMap<>(
                TokenTable.tokenKey(user("user-alice"), "7d0c1a52-aaaa-4f6e-9d1e-000000000001"));
        item.put("revoked", AttributeValue.fromS("false"));
        dynamo.putItem(r -> r.tableName(table).item(item));

        Reply reply = invoke(handler(), load("get-token-state.json"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("itemExists").asBoolean()).isTrue();
        assertThat(reply.body().get("revoked").asBoolean()).isTrue();
    }

    @Test
    void nonAsciiReasonIsStoredExactly() {
        String reason = "téléphone perdu ☎ 電話";
        Reply reply = invoke(handler(), ownTokenById(
                Map.of("jti", "utf8-1", "sub", "user-alice", "reason", reason)));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("reason")).isEqualTo(reason);
        assertThat(item(TokenTable.tokenKey(user("user-alice"), "utf8-1")).get("reason").s()).isEqualTo(reason);
    }

    @Test
    void writeFailureWhenTheStoreIsDownIsA503NeverASuccess() {
        MotoServer own = MotoServer.start();
        try (DynamoDbClient client = own.dynamoDb()) {
            String ownTable = own.createTable("tokens-down", "PK", "SK", "ttl", false);
            RevokeApiHandler handler = new RevokeApiHandler(fixture.config(ownTable), client, null,
                    fixture.clock, log);
            own.stop();

            for (String event : List.of("revoke-own-token.json", "revoke-family.json", "revoke-all-own.json",
                    "get-token-state.json")) {
                Reply reply = invoke(handler, load(event));
                assertThat(reply.status()).as(event).isEqualTo(503);
                assertThat(reply.text("error")).isEqualTo("unavailable");
            }
            assertThat(log.lines()).allSatisfy(line -> assertThat(line).contains("\"outcome\":\"UNAVAILABLE\""));
            assertThat(log.metric("ServerErrors", Map.of("Function", "RevokeApiFunction"))).isEqualTo(4);
            for (String kind : List.of("TOKEN", "FAMILY", "USER")) {
                assertThat(log.metric("Revocations", Map.of("Function", "RevokeApiFunction", "Kind", kind,
                        "Result", "UNAVAILABLE"))).as(kind).isEqualTo(1);
            }
        } finally {
            own.close();
        }
    }

    @Test
    void missingTableIsA500NeverASuccess() {
        RevokeApiHandler handler = new RevokeApiHandler(fixture.config("no-such-table"), dynamo, null,
                fixture.clock, log);

        Reply reply = invoke(handler, load("revoke-own-token.json"));

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.text("error")).isEqualTo("internal_error");
        assertThat(reply.rawBody()).doesNotContain("ResourceNotFound");
    }

    @Test
    void flushesConfiguredAuthorizerCachesAfterARevocation() {
        List<FlushTarget> flushed = new ArrayList<>();
        RevokeApiHandler handler = new RevokeApiHandler(
                fixture.config(table, Map.of("AUTHORIZER_CACHE_FLUSH_TARGETS", "rest:abc123/prod, http:def456/$default")),
                dynamo, flushed::add, fixture.clock, moment -> { }, log);

        Reply reply = invoke(handler, load("revoke-own-token.json"));

        assertThat(reply.text("authorizerCacheFlush")).isEqualTo("FLUSHED");
        assertThat(flushed).extracting(FlushTarget::toString).containsExactly("rest:abc123/prod", "http:def456/$default");
        assertThat(log.metric("CacheFlushes", Map.of("Function", "RevokeApiFunction", "Flush", "FLUSHED")))
                .isEqualTo(1);
        assertThat(log.metric("Revocations", Map.of("Function", "RevokeApiFunction", "Kind", "TOKEN",
                "Result", "WRITTEN"))).isEqualTo(1);
    }

    @Test
    void doesNotFlushWhenNoTargetsAreConfigured() {
        List<FlushTarget> flushed = new ArrayList<>();
        RevokeApiHandler handler = new RevokeApiHandler(fixture.config(table), dynamo, flushed::add,
                fixture.clock, log);

        Reply reply = invoke(handler, load("revoke-own-token.json"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().has("authorizerCacheFlush")).isFalse();
        assertThat(flushed).isEmpty();
        assertThat(log.joined()).as("no flush, no flush metric").doesNotContain("CacheFlushes");
    }

    @Test
    void failedFlushDoesNotFailTheRevocation() {
        StageFlusher broken = target -> {
            throw new IllegalStateException("TooManyRequests");
        };
        RevokeApiHandler handler = new RevokeApiHandler(
                fixture.config(table, Map.of("AUTHORIZER_CACHE_FLUSH_TARGETS", "rest:abc123/prod")),
                dynamo, broken, fixture.clock, moment -> { }, log);

        Reply reply = invoke(handler, load("revoke-own-token.json"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("outcome")).isEqualTo("REVOKED");
        assertThat(reply.text("authorizerCacheFlush")).isEqualTo("FAILED");
        assertThat(log.metric("CacheFlushes", Map.of("Function", "RevokeApiFunction", "Flush", "FAILED")))
                .isEqualTo(1);
        assertThat(scan()).filteredOn(item -> item.get("PK").s().startsWith("USER#")).hasSize(1);
        assertThat(log.joined()).contains("authorizer_cache_flush_failed", "rest:abc123/prod");
    }

    @Test
    void pathIdIsUsedVerbatimAsTheTargetOfRevokeAll() {
        ObjectNode event = route(load("revoke-all-own.json"), "POST", "/users/user-carol/revoke-all");
        asCaller(event, "user-carol", "openid");

        Reply reply = invoke(handler(), event);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(item(TokenTable.revokedBeforeKey(user("user-carol")))).isNotEmpty();
    }

    private static Principal user(String sub) {
        return new Principal("default", sub);
    }
}
