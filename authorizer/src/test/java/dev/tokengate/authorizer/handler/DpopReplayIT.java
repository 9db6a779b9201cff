package dev.tokengate.authorizer.handler;

import static dev.tokengate.authorizer.handler.DpopEvents.REST_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.revocation.RequestCounter;
import dev.tokengate.authorizer.revocation.StoreClients;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.MutableClock;
import dev.tokengate.testkit.TestKeys;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The DPoP replay store on a real DynamoDB API (moto), shared by several authorizer instances as every Lambda
 * container shares the token table: a proof accepted by one instance is refused by another, racing instances let
 * exactly one use through, the record is written beside (not after) the revocation read, and a store that cannot
 * answer is the usual uncached error.
 */
@ExtendWith(MotoExtension.class)
class DpopReplayIT {
    private final MotoServer moto;
    private final RequestCounter counter = new RequestCounter();
    private final Fixtures.Captured log = new Fixtures.Captured();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private String table;
    private final ECKey client = TestKeys.ec("client");

    DpopReplayIT(MotoServer moto) {
        this.moto = moto;
    }

    @BeforeEach
    void freshTable() {
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(DynamoDbClient::close);
    }

    /** One authorizer instance (one Lambda container): its own client, the shared table. */
    private AuthorizerHandler instance(ExecutionInterceptor... interceptors) {
        DynamoDbClient dynamoDb = StoreClients.production(MotoServer.REGION, moto.endpoint(), MotoServer.credentials(),
                interceptors);
        clients.add(dynamoDb);
        Map<String, String> env = new HashMap<>(Map.of("TOKEN_TABLE", table));
        return new AuthorizerHandler(AuthorizerConfig.fromEnvironment(DpopEvents.environment(env)), dynamoDb, clock,
                log);
    }

    private Map<String, Object> event(String token, String proof) {
        return LambdaRuntime.event(LambdaRuntime.toJson(DpopEvents.rest("DPoP " + token, proof, null)));
    }

    private String lastReason() {
        String line = log.last();
        int start = line.indexOf("\"reason\":\"") + 10;
        return line.substring(start, line.indexOf('"', start));
    }

    @Test
    void aProofAcceptedByOneInstanceIsRefusedByAnother() {
        AuthorizerHandler first = instance();
        AuthorizerHandler second = instance();
        String token = DpopEvents.token(client, clock.instant());
        String proof = DpopEvents.proof(client, REST_URL, token, clock.instant());

        assertThat(first.handleRequest(event(token, proof), null)).containsEntry("principalId", "alice");
        assertThatThrownBy(() -> second.handleRequest(event(token, proof), null)).hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("DPOP_PROOF_REPLAYED");
        // a fresh proof by the same key still works, anywhere
        assertThat(second.handleRequest(event(token, DpopEvents.proof(client, REST_URL, token, clock.instant())),
                null)).containsEntry("principalId", "alice");
    }

    @Test
    void theReplayRecordIsKeyedByIssuerKeyAndHashedJtiAndExpiresWithTheWindow() {
        AuthorizerHandler handler = instance();
        String token = DpopEvents.token(client, clock.instant());
        DpopProofs proof = DpopProofs.of(client, "GET", REST_URL, token, clock.instant());

        handler.handleRequest(event(token, proof.sign()), null);

        List<Map<String, AttributeValue>> items;
        try (DynamoDbClient setup = moto.dynamoDb()) {
            items = setup.scan(b -> b.tableName(table)).items();
        }
        assertThat(items).singleElement().satisfies(item -> {
            String pk = item.get(TokenTable.PARTITION_KEY).s();
            assertThat(pk).startsWith(TokenTable.REPLAY_PREFIX + "dpop#default#" + DpopProofs.thumbprint(client) + "#")
                    .doesNotContain(proof.jti()).hasSize("REPLAY#dpop#default#".length() + 43 + 1 + 43);
            assertThat(item.get(TokenTable.SORT_KEY).s()).isEqualTo(TokenTable.REPLAY_SORT_KEY);
            assertThat(Long.parseLong(item.get(TokenTable.TTL).n()))
                    .isEqualTo(clock.instant().getEpochSecond() + 60 + 1);
            assertThat(item).containsOnlyKeys(TokenTable.PARTITION_KEY, TokenTable.SORT_KEY, TokenTable.TTL);
        });
    }

    @Test
    void aReplayRecordPastItsTtlThatDynamoDbHasNotDeletedYetCountsForNothing() {
        AuthorizerHandler handler = instance();
        String token = DpopEvents.token(client, clock.instant());
        DpopProofs proof = DpopProofs.of(client, "GET", REST_URL, token, clock.instant());
        handler.handleRequest(event(token, proof.sign()), null);

        // Two minutes later the same jti, in a new proof inside its own window (a client reusing a jti it drew long
        // ago): the old record's ttl has passed, so the conditional put may overwrite it.
        clock.advance(Duration.ofMinutes(2));
        String again = DpopProofs.of(client, "GET", REST_URL, token, clock.instant()).claim("jti", proof.jti()).sign();
        assertThat(handler.handleRequest(event(token, again), null)).containsEntry("principalId", "alice");
    }

    @Test
    void ofInstancesRacingWithOneProofExactlyOneIsAllowed() throws Exception {
        int instances = 6;
        List<AuthorizerHandler> handlers = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            handlers.add(instance());
        }
        String token = DpopEvents.token(client, clock.instant());
        String proof = DpopEvents.proof(client, REST_URL, token, clock.instant());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<Boolean>> allowed = new ArrayList<>();
            for (AuthorizerHandler handler : handlers) {
                allowed.add(pool.submit(() -> {
                    start.await();
                    try {
                        return handler.handleRequest(event(token, proof), null).containsKey("policyDocument");
                    } catch (RuntimeException refused) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int allows = 0;
            for (Future<Boolean> result : allowed) {
                allows += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(allows).isEqualTo(1);
            assertThat(log.decisions()).filteredOn(l -> l.contains("DPOP_PROOF_REPLAYED")).hasSize(instances - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDpopDecisionIsOneConditionalPutBesideOneBatchGetItem() {
        Overlap overlap = new Overlap();
        AuthorizerHandler handler = instance(counter, overlap);
        String token = DpopEvents.token(client, clock.instant());

        handler.handleRequest(event(token, DpopEvents.proof(client, REST_URL, token, clock.instant())), null);

        assertThat(counter.requests()).hasSize(2).hasAtLeastOneElementOfType(BatchGetItemRequest.class)
                .hasAtLeastOneElementOfType(PutItemRequest.class);
        PutItemRequest put = counter.requests().stream().filter(PutItemRequest.class::isInstance)
                .map(PutItemRequest.class::cast).findFirst().orElseThrow();
        assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(#pk) OR #ttl < :now");
        // Each call waited, inside the client, until the other had started: they ran side by side, not in turn.
        assertThat(overlap.bothStartedBeforeEitherFinished()).isTrue();
        // a bearer decision stays one BatchGetItem
        counter.reset();
        String bearer = DpopEvents.token(null, clock.instant());
        handler.handleRequest(LambdaRuntime.event(LambdaRuntime.toJson(DpopEvents.rest("Bearer " + bearer, null,
                null))), null);
        assertThat(counter.requests()).singleElement().isInstanceOf(BatchGetItemRequest.class);
    }

    @Test
    void aReplayStoreThatCannotAnswerIsAnUncachedErrorNeverAnAllow() {
        AuthorizerHandler handler = instance();
        try (DynamoDbClient setup = moto.dynamoDb()) {
            setup.deleteTable(b -> b.tableName(table));
        }
        String token = DpopEvents.token(client, clock.instant());

        assertThatThrownBy(() -> handler.handleRequest(event(token, DpopEvents.proof(client, REST_URL, token,
                clock.instant())), null)).hasMessage("AuthorizerUnavailable");
        assertThat(lastReason()).isEqualTo("STORE_UNAVAILABLE");
    }

    @Test
    void aRevokedDpopBoundTokenIsRefusedAsRevokedEvenWithAValidProof() {
        AuthorizerHandler handler = instance();
        String token = DpopEvents.token(client, clock.instant());
        String jti = tokenId(token);
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.tokenKey(new Principal("default", "alice"), jti));
        item.put(TokenTable.REVOKED, AttributeValue.fromBool(true));
        try (DynamoDbClient setup = moto.dynamoDb()) {
            setup.putItem(b -> b.tableName(table).item(item));
        }

        assertThatThrownBy(() -> handler.handleRequest(event(token, DpopEvents.proof(client, REST_URL, token,
                clock.instant())), null)).hasMessage("Unauthorized");
        assertThat(lastReason()).isEqualTo("TOKEN_REVOKED");
    }

    private static String tokenId(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Holds each DynamoDB call, once sent, until the other one of the decision has been sent too (or 10 s pass):
     * if the two ran one after the other, the first would wait out the timeout and the overlap would be reported
     * missing. No timing is asserted, only the order of events.
     */
    static final class Overlap implements ExecutionInterceptor {
        private final CountDownLatch putStarted = new CountDownLatch(1);
        private final CountDownLatch getStarted = new CountDownLatch(1);
        private volatile boolean putSawGet;
        private volatile boolean getSawPut;

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            try {
                if (context.request() instanceof PutItemRequest) {
                    putStarted.countDown();
                    putSawGet = getStarted.await(10, TimeUnit.SECONDS);
                } else if (context.request() instanceof BatchGetItemRequest) {
                    getStarted.countDown();
                    getSawPut = putStarted.await(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean bothStartedBeforeEitherFinished() {
            return putSawGet && getSawPut;
        }
    }
}
