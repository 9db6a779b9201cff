package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.handler.AuthorizerRig.Handlers;
import dev.tokengate.authorizer.handler.AuthorizerRig.Outcome;
import dev.tokengate.authorizer.handler.AuthorizerRig.Shape;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.hardening.Fuzz;
import dev.tokengate.hardening.Measurements;
import dev.tokengate.hardening.fault.FaultProxy;
import dev.tokengate.hardening.fault.FaultProxy.Fault;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.MutableClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The authorizer's DynamoDB lookup behind the fault proxy, with the production client (core's factory, the budget
 * from {@code STORE_*}). Every fault, on every protocol: the answer is the uncacheable error, never an Allow and
 * never a Deny; when the fault clears, the same token is allowed at once (nothing remembered the fault), also with
 * {@code REVOCATION_CACHE_SECONDS > 0}; a revoked token seen under a fault is still refused afterwards.
 */
@ExtendWith(MotoExtension.class)
class AuthorizerStoreFaultIT {
    /** Wider than production's 1000/400 ms (moto shares 2 cores with other builds), same shape: 2 attempts. */
    private static final Map<String, String> BUDGET = Map.of("STORE_TIMEOUT_MILLIS", "1500",
            "STORE_ATTEMPT_TIMEOUT_MILLIS", "700", "STORE_MAX_ATTEMPTS", "2");
    /** Longer than one attempt: each attempt times out, the call gives up inside STORE_TIMEOUT_MILLIS. */
    private static final Duration HUNG = Duration.ofMillis(1000);
    private static final List<Fault> FAULTS = List.of(Fault.DELAY, Fault.DROP, Fault.RESET, Fault.HTTP_500,
            Fault.THROTTLE, Fault.THROTTLING_EXCEPTION, Fault.REQUEST_LIMIT_EXCEEDED, Fault.UNPROCESSED_KEYS,
            Fault.DROP_RESPONSE);
    /** DynamoDB's capacity answers: the same uncached error, logged as STORE_THROTTLED so alarms tell them apart. */
    private static final List<Fault> THROTTLING = List.of(Fault.THROTTLE, Fault.THROTTLING_EXCEPTION,
            Fault.REQUEST_LIMIT_EXCEEDED, Fault.UNPROCESSED_KEYS);

    private final MotoServer moto;
    private final AuthorizerRig.Log log = new AuthorizerRig.Log();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> presented = new ArrayList<>();
    private FaultProxy proxy;
    private DynamoDbClient client;
    private DynamoDbClient setup;
    private String table;

    AuthorizerStoreFaultIT(MotoServer moto) {
        this.moto = moto;
    }

    @BeforeEach
    void start() {
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
        proxy = FaultProxy.start(moto.endpoint()).delay(HUNG);
        client = productionClient(proxy.endpoint());
        setup = moto.dynamoDb();
    }

    @AfterEach
    void stop() {
        Fuzz.assertNoTokenMaterial(log.lines, presented);
        client.close();
        setup.close();
        proxy.close();
    }

    private DynamoDbClient productionClient(URI endpoint) {
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(AuthorizerRig.environment(table, BUDGET));
        return DynamoDbClients.builder(config.region(), config.storeBudget())
                .endpointOverride(endpoint).credentialsProvider(MotoServer.credentials()).build();
    }

    private Handlers handlers(DynamoDbClient dynamoDb, int cacheSeconds) {
        Map<String, String> env = new HashMap<>(BUDGET);
        env.put("REVOCATION_CACHE_SECONDS", Integer.toString(cacheSeconds));
        Map<String, String> iam = new HashMap<>(env);
        iam.put("HTTP_API_RESPONSE", "iam");
        return new Handlers(
                AuthorizerRig.handler(AuthorizerRig.environment(table, env), dynamoDb, AuthorizerRig.CLOCK, log),
                AuthorizerRig.handler(AuthorizerRig.environment(table, iam), dynamoDb, AuthorizerRig.CLOCK, log));
    }

    private String freshToken(String sub) {
        String token = AuthorizerRig.token(sub, "jti-" + ids.incrementAndGet()).sign(AuthorizerRig.KEY);
        presented.add(token);
        return token;
    }

    private void revoke(String sub, String token) throws Exception {
        String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.tokenKey(new Principal("default", sub), jti));
        item.put("revoked", AttributeValue.fromBool(true));
        item.put("revokedAt", AttributeValue.fromN(Long.toString(AuthorizerRig.NOW.getEpochSecond())));
        setup.putItem(b -> b.tableName(table).item(item));
    }

    @Test
    void everyStoreFaultFailsClosedOnEveryProtocolAndRecovers() throws Exception {
        for (int cacheSeconds : new int[] {0, 30}) {
            Handlers handlers = handlers(client, cacheSeconds);
            Map<Fault, Long> slowest = new EnumMap<>(Fault.class);
            int allowsUnderFault = 0;
            // With the cache on, DELAY adds nothing the other faults do not show (the client throws either way),
            // and costs 1.5 s per decision: it runs with the cache off only.
            for (Fault fault : cacheSeconds == 0 ? FAULTS : FAULTS.subList(1, FAULTS.size())) {
                String valid = freshToken("user-valid");
                String revoked = freshToken("user-revoked");
                revoke("user-revoked", revoked);
                proxy.always(fault);
                for (Shape shape : Shape.values()) {
                    for (String token : List.of(valid, revoked)) {
                        log.clear();
                        long started = System.nanoTime();
                        Outcome outcome = AuthorizerRig.outcome(shape.pick(handlers), shape.event("Bearer " + token));
                        long millis = (System.nanoTime() - started) / 1_000_000;
                        slowest.merge(fault, millis, Math::max);
                        if (outcome == Outcome.ALLOW) {
                            allowsUnderFault++;
                        }
                        assertThat(outcome).as("%s under %s, cache %ds", shape, fault, cacheSeconds)
                                .isEqualTo(Outcome.UNAVAILABLE);
                        assertThat(log.last()).contains("\"outcome\":\"UNAVAILABLE\"", THROTTLING.contains(fault)
                                ? "\"reason\":\"STORE_THROTTLED\"" : "\"reason\":\"STORE_UNAVAILABLE\"");
                    }
                }
                proxy.clear();
                proxy.awaitIdle();
                for (Shape shape : Shape.values()) {
                    assertThat(AuthorizerRig.outcome(shape.pick(handlers), shape.event("Bearer " + valid)))
                            .as("the token that met %s is allowed once it clears (%s, cache %ds)", fault, shape,
                                    cacheSeconds)
                            .isEqualTo(Outcome.ALLOW);
                    assertThat(AuthorizerRig.outcome(shape.pick(handlers), shape.event("Bearer " + revoked)))
                            .as("a revoked token that met %s stays refused (%s)", fault, shape)
                            .isIn(Outcome.UNAUTHORIZED, Outcome.DENY);
                }
            }
            assertThat(allowsUnderFault).isZero();
            Measurements.record("authorizer store faults, REVOCATION_CACHE_SECONDS=%d, budget 1500 ms total / 700 ms "
                    + "per attempt / 2 attempts: slowest fail-closed answer per fault (ms) %s; Allows under fault %d",
                    cacheSeconds, slowest, allowsUnderFault);
        }
    }

    @Test
    void anUnreachableStoreFailsClosed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient unreachable = productionClient(URI.create("http://127.0.0.1:" + closedPort))) {
            Handlers handlers = handlers(unreachable, 0);
            String valid = freshToken("user-unreachable");
            long slowest = 0;
            for (Shape shape : Shape.values()) {
                long started = System.nanoTime();
                assertThat(AuthorizerRig.outcome(shape.pick(handlers), shape.event("Bearer " + valid)))
                        .isEqualTo(Outcome.UNAVAILABLE);
                slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
            }
            Measurements.record("authorizer, store port closed (connection refused): slowest fail-closed answer %d ms",
                    slowest);
        }
    }

    @Test
    void aFaultOnTheFirstAttemptIsRetriedWithinTheBudget() {
        Handlers handlers = handlers(client, 0);
        // Not DELAY: a retry after a hung attempt may legitimately not fit in the budget (covered above as fail
        // closed). Throttling is retried after at most 50 ms of jitter, so it fits: that is the point of core's
        // back-off (the SDK's default waits up to 1 s after a throttle).
        for (Fault fault : List.of(Fault.DROP, Fault.RESET, Fault.HTTP_500, Fault.THROTTLE, Fault.THROTTLING_EXCEPTION,
                Fault.REQUEST_LIMIT_EXCEEDED, Fault.UNPROCESSED_KEYS, Fault.DROP_RESPONSE)) {
            String valid = freshToken("user-retry");
            proxy.next(1, fault);
            assertThat(AuthorizerRig.outcome(handlers.simple(), Shape.REST_TOKEN.event("Bearer " + valid)))
                    .as("one failed attempt under %s, then a good one", fault)
                    .isEqualTo(Outcome.ALLOW);
            proxy.awaitIdle();
        }
    }

    @Test
    void throttlingAtEachRetryStepIsRetriedThenAnsweredAsThrottling() {
        Handlers handlers = handlers(client, 0);
        for (Fault throttle : THROTTLING) {
            // Every attempt the budget allows is throttled: the SDK's 2 attempts, or the lookup's 3 rounds of
            // UnprocessedKeys (each a complete answer, so the SDK does not retry it).
            String valid = freshToken("user-throttled");
            proxy.forget();
            proxy.always(throttle);
            log.clear();
            assertThat(AuthorizerRig.outcome(handlers.simple(), Shape.REST_TOKEN.event("Bearer " + valid)))
                    .as("throttled on every attempt (%s)", throttle).isEqualTo(Outcome.UNAVAILABLE);
            assertThat(log.last()).contains("\"outcome\":\"UNAVAILABLE\"", "\"reason\":\"STORE_THROTTLED\"");
            assertThat(proxy.seen()).as("every request is one lookup's attempt, %s", throttle)
                    .hasSize(throttle == Fault.UNPROCESSED_KEYS ? 3 : 2)
                    .allSatisfy(seen -> assertThat(seen.operation()).isEqualTo("BatchGetItem"));
            proxy.clear();
            proxy.awaitIdle();
            // Throttled then a 500 on the last attempt: the last answer names the reason.
            if (throttle == Fault.UNPROCESSED_KEYS) {
                proxy.nextInOrder(throttle, Fault.HTTP_500, Fault.HTTP_500); // the next round fails both attempts
            } else {
                proxy.nextInOrder(throttle, Fault.HTTP_500);
            }
            log.clear();
            assertThat(AuthorizerRig.outcome(handlers.simple(), Shape.REST_TOKEN.event("Bearer " + valid)))
                    .isEqualTo(Outcome.UNAVAILABLE);
            assertThat(log.last()).contains("\"reason\":\"STORE_UNAVAILABLE\"");
            proxy.clear();
            proxy.awaitIdle();
            assertThat(AuthorizerRig.outcome(handlers.simple(), Shape.REST_TOKEN.event("Bearer " + valid)))
                    .as("nothing remembered the throttling (%s)", throttle).isEqualTo(Outcome.ALLOW);
        }
    }

    @Test
    void aHotTokenUnderThrottlingIsReadOnEveryDecisionAndNeverAllowedFromAFailure() {
        MutableClock clock = new MutableClock(AuthorizerRig.NOW);
        AuthorizerHandler handler = AuthorizerRig.handler(AuthorizerRig.environment(table, BUDGET), client, clock, log);
        String hot = freshToken("user-hot");
        for (int i = 0; i < 20; i++) { // 100 decisions per second: hot after the 5th, an Allow held
            assertThat(AuthorizerRig.outcome(handler, Shape.REST_TOKEN.event("Bearer " + hot))).isEqualTo(Outcome.ALLOW);
            clock.advance(Duration.ofMillis(10));
        }
        clock.advance(Duration.ofSeconds(1)); // the held Allow has lapsed
        proxy.forget();
        proxy.always(Fault.THROTTLE);
        for (int i = 0; i < 10; i++) {
            log.clear();
            assertThat(AuthorizerRig.outcome(handler, Shape.REST_TOKEN.event("Bearer " + hot)))
                    .as("decision %d under throttling", i).isEqualTo(Outcome.UNAVAILABLE);
            assertThat(log.last()).contains("\"reason\":\"STORE_THROTTLED\"");
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(proxy.seen()).as("each decision read (2 attempts): no failure was held").hasSize(20);
        proxy.clear();
        proxy.awaitIdle();
        assertThat(AuthorizerRig.outcome(handler, Shape.REST_TOKEN.event("Bearer " + hot))).isEqualTo(Outcome.ALLOW);
    }
}
