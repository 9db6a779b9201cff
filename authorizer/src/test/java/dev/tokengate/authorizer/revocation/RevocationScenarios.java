package dev.tokengate.authorizer.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The revocation lookup against a real DynamoDB API. Each engine (moto by default, LocalStack on request) runs the
 * same scenarios through a subclass that says how to reach it.
 */
abstract class RevocationScenarios {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant ISSUED = NOW.minusSeconds(600);
    static final Instant EXPIRES = ISSUED.plusSeconds(3600);

    protected final RequestCounter counter = new RequestCounter();
    protected DynamoDbClient client;
    protected DynamoDbClient setup;
    protected String table;
    protected TokenItems items;

    /** A client shaped like production's, reaching this engine, with the given interceptors. */
    protected abstract DynamoDbClient productionClient(ExecutionInterceptor... interceptors);

    @BeforeEach
    void freshTable() {
        client = productionClient(counter);
        setup = productionClient();
        table = "tokens-" + UUID.randomUUID();
        StoreClients.createTokenTable(setup, table);
        items = new TokenItems(setup, table);
    }

    @AfterEach
    void closeClients() {
        client.close();
        setup.close();
    }

    protected RevocationLookup lookup(RevocationMode mode) {
        return new RevocationLookup(client, table, true, mode);
    }

    static ValidatedToken token(String sub, String jti, String originJti, Instant issuedAt) {
        return Validated.token(sub, jti, originJti, issuedAt);
    }

    @Test
    void aTokenWithNothingStoredIsNotRevoked() {
        assertThat(lookup(RevocationMode.DENYLIST).check(token("alice", "t1", null, ISSUED), NOW).isNotRevoked())
                .isTrue();
    }

    @Test
    void aRevokedTokenIsRevoked() {
        items.revokedToken("alice", "t1", EXPIRES);
        RevocationLookup lookup = lookup(RevocationMode.DENYLIST);
        assertThat(lookup.check(token("alice", "t1", null, ISSUED), NOW).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
        assertThat(lookup.check(token("alice", "t2", null, ISSUED), NOW).isNotRevoked()).isTrue();
    }

    @Test
    void aRevokedFamilyRevokesEveryTokenOfIt() {
        items.revokedFamily("alice", "family-1", EXPIRES);
        RevocationLookup lookup = lookup(RevocationMode.DENYLIST);
        assertThat(lookup.check(token("alice", "t1", "family-1", ISSUED), NOW).reason())
                .isEqualTo(DenyReason.FAMILY_REVOKED);
        assertThat(lookup.check(token("alice", "t2", "family-1", ISSUED), NOW).reason())
                .isEqualTo(DenyReason.FAMILY_REVOKED);
        assertThat(lookup.check(token("alice", "t3", "family-2", ISSUED), NOW).isNotRevoked()).isTrue();
        assertThat(lookup.check(token("alice", "t4", null, ISSUED), NOW).isNotRevoked()).isTrue();
    }

    @Test
    void revokeAllRevokesTokensIssuedBeforeItAndNoLaterOnes() {
        Instant revokeAll = ISSUED.plusSeconds(60);
        items.revokedBefore("alice", revokeAll);
        RevocationLookup lookup = lookup(RevocationMode.DENYLIST);
        assertThat(lookup.check(token("alice", "old", null, ISSUED), NOW).reason()).isEqualTo(DenyReason.USER_REVOKED);
        assertThat(lookup.check(token("alice", "edge", null, revokeAll.minusSeconds(1)), NOW).reason())
                .isEqualTo(DenyReason.USER_REVOKED);
        assertThat(lookup.check(token("alice", "same-second", null, revokeAll), NOW).isNotRevoked()).isTrue();
        assertThat(lookup.check(token("alice", "new", null, revokeAll.plusSeconds(5)), NOW).isNotRevoked()).isTrue();
        assertThat(lookup.check(token("bob", "old", null, ISSUED), NOW).isNotRevoked()).isTrue();
    }

    @Test
    void allowlistAcceptsOnlyRegisteredUnrevokedTokens() {
        items.registeredToken("alice", "registered", EXPIRES);
        items.revokedToken("alice", "revoked", EXPIRES);
        RevocationLookup lookup = lookup(RevocationMode.ALLOWLIST);
        assertThat(lookup.check(token("alice", "registered", null, ISSUED), NOW).isNotRevoked()).isTrue();
        assertThat(lookup.check(token("alice", "unknown", null, ISSUED), NOW).reason())
                .isEqualTo(DenyReason.TOKEN_NOT_REGISTERED);
        assertThat(lookup.check(token("alice", "revoked", null, ISSUED), NOW).reason())
                .isEqualTo(DenyReason.TOKEN_REVOKED);
        assertThat(lookup.check(token("bob", "registered", null, ISSUED), NOW).reason())
                .isEqualTo(DenyReason.TOKEN_NOT_REGISTERED);
    }

    @Test
    void theSameSubOfAnotherIssuerIsAnotherUser() {
        // sub is unique only within its issuer: alice of the partner IdP is not alice of the workforce IdP
        items.ofIssuer("workforce").revokedBefore("alice", NOW);
        items.ofIssuer("workforce").revokedToken("alice", "t1", EXPIRES);
        items.ofIssuer("workforce").revokedFamily("alice", "family-1", EXPIRES);
        RevocationLookup lookup = lookup(RevocationMode.DENYLIST);
        assertThat(lookup.check(Validated.ofIssuer("workforce", "alice", "t2", null, ISSUED), NOW).reason())
                .isEqualTo(DenyReason.USER_REVOKED);
        assertThat(lookup.check(Validated.ofIssuer("partner", "alice", "t1", "family-1", ISSUED), NOW).isNotRevoked())
                .isTrue();
    }

    @Test
    void anEndedSessionRevokesExactlyTheTokensOfThatSessionInThatIssuer() {
        items.revokedSession("session-1", EXPIRES);
        RevocationLookup lookup = lookup(RevocationMode.DENYLIST);
        assertThat(lookup.check(Validated.withSession("default", "alice", "t1", "session-1", ISSUED), NOW).reason())
                .isEqualTo(DenyReason.SESSION_REVOKED);
        assertThat(lookup.check(Validated.withSession("default", "bob", "t2", "session-1", ISSUED), NOW).reason())
                .as("the session is the issuer's, whoever's token names it").isEqualTo(DenyReason.SESSION_REVOKED);
        assertThat(lookup.check(Validated.withSession("default", "alice", "t3", "session-2", ISSUED), NOW)
                .isNotRevoked()).as("another session of the same user").isTrue();
        assertThat(lookup.check(token("alice", "t4", null, ISSUED), NOW).isNotRevoked())
                .as("a token without sid").isTrue();
        assertThat(lookup.check(Validated.withSession("partner", "alice", "t5", "session-1", ISSUED), NOW)
                .isNotRevoked()).as("the same sid at another issuer is another session").isTrue();
    }

    @Test
    void aTokenWithASessionIsStillOneBatchGetItemThatAsksForTheSession() {
        lookup(RevocationMode.DENYLIST).check(Validated.withSession("default", "alice", "t1", "s-9", ISSUED), NOW);
        assertThat(counter.calls()).isEqualTo(1);
        KeysAndAttributes sent = ((BatchGetItemRequest) counter.requests().get(0)).requestItems().get(table);
        assertThat(sent.keys()).extracting(k -> k.get("PK").s() + "/" + k.get("SK").s()).containsExactly(
                "USER#default#alice/TOKEN#t1", "USER#default#alice/REVOKED_BEFORE", "SESSION#default#s-9/SESSION");
    }

    @Test
    void anotherUsersItemsNeverApply() {
        items.revokedToken("bob", "t1", EXPIRES);
        items.revokedFamily("bob", "family-1", EXPIRES);
        items.revokedBefore("bob", NOW);
        assertThat(lookup(RevocationMode.DENYLIST).check(token("alice", "t1", "family-1", ISSUED), NOW).isNotRevoked())
                .isTrue();
    }

    @Test
    void oneDecisionIsExactlyOneStronglyConsistentBatchGetItem() {
        RevocationLookup lookup = lookup(RevocationMode.DENYLIST);
        lookup.check(token("alice", "t1", null, ISSUED), NOW);
        assertThat(counter.calls()).isEqualTo(1);
        assertThat(counter.attempts()).isEqualTo(1);
        KeysAndAttributes sent = ((BatchGetItemRequest) counter.requests().get(0)).requestItems().get(table);
        assertThat(sent.consistentRead()).isTrue();
        assertThat(sent.keys()).extracting(k -> k.get("SK").s()).containsExactly("TOKEN#t1", "REVOKED_BEFORE");

        counter.reset();
        lookup.check(token("alice", "t2", "family-1", ISSUED), NOW);
        assertThat(counter.calls()).isEqualTo(1);
        sent = ((BatchGetItemRequest) counter.requests().get(0)).requestItems().get(table);
        assertThat(sent.keys()).extracting(k -> k.get("SK").s())
                .containsExactly("TOKEN#t2", "FAMILY#family-1", "REVOKED_BEFORE");
        assertThat(sent.keys()).extracting(k -> k.get("PK").s()).containsOnly("USER#default#alice");
    }

    @Test
    void eventuallyConsistentReadsWhenConfigured() {
        new RevocationLookup(client, table, false, RevocationMode.DENYLIST).check(token("alice", "t1", null, ISSUED), NOW);
        KeysAndAttributes sent = ((BatchGetItemRequest) counter.requests().get(0)).requestItems().get(table);
        assertThat(sent.consistentRead()).isFalse();
    }

    @Test
    void aMissingTableFailsClosed() {
        RevocationStatus status = new RevocationLookup(client, table + "-missing", true, RevocationMode.DENYLIST)
                .check(token("alice", "t1", null, ISSUED), NOW);
        assertThat(status.kind()).isEqualTo(RevocationStatus.Kind.UNAVAILABLE);
        assertThat(status.reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
        assertThat(status.detail()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void theCacheServesRepeatsWithoutAReadButNeverHidesARevocationPastItsBound() {
        NotRevokedCache cache = new NotRevokedCache(lookup(RevocationMode.DENYLIST), java.time.Duration.ofSeconds(30));
        ValidatedToken alice = token("alice", "t1", null, ISSUED);
        assertThat(cache.check(alice, NOW).isNotRevoked()).isTrue();
        items.revokedToken("alice", "t1", EXPIRES);
        assertThat(cache.check(alice, NOW.plusSeconds(29)).isNotRevoked()).isTrue(); // the documented bound
        assertThat(counter.calls()).isEqualTo(1);
        assertThat(cache.check(alice, NOW.plusSeconds(30)).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
        assertThat(cache.check(alice, NOW.plusSeconds(31)).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
        assertThat(counter.calls()).isEqualTo(3);
    }
}
