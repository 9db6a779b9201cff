package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.revocation.RequestCounter;
import dev.tokengate.authorizer.revocation.StoreClients;
import dev.tokengate.authorizer.revocation.TokenItems;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.MutableClock;
import dev.tokengate.testkit.emf.EmfDatapoints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;

/** The whole authorizer, driven by the {@code events/} files, on a real DynamoDB API (moto). */
@ExtendWith(MotoExtension.class)
class AuthorizerHandlerIT {
    private static final List<String> FIXTURES = List.of("rest-token.json", "rest-request.json", "http-api-v2.json");
    private static final Instant DEMO_IAT = Instant.ofEpochSecond(1764547200L);
    private static final Instant DEMO_EXP = Instant.ofEpochSecond(1764547200L + 315_360_000L);

    private final MotoServer moto;
    private final RequestCounter counter = new RequestCounter();
    private final Fixtures.Captured log = new Fixtures.Captured();
    private final MutableClock clock = new MutableClock(Fixtures.NOW);
    private DynamoDbClient client;
    private DynamoDbClient setup;
    private String table;
    private TokenItems items;

    AuthorizerHandlerIT(MotoServer moto) {
        this.moto = moto;
    }

    @BeforeEach
    void freshTable() {
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
        client = StoreClients.production(MotoServer.REGION, moto.endpoint(), MotoServer.credentials(), counter);
        setup = moto.dynamoDb();
        items = new TokenItems(setup, table);
    }

    @AfterEach
    void closeClients() {
        client.close();
        setup.close();
    }

    private AuthorizerHandler handler(Map<String, String> overrides) {
        return handler(overrides, client);
    }

    private AuthorizerHandler handler(Map<String, String> overrides, DynamoDbClient dynamoDb) {
        Map<String, String> env = new HashMap<>(overrides);
        env.putIfAbsent("TOKEN_TABLE", table);
        return new AuthorizerHandler(AuthorizerConfig.fromEnvironment(Fixtures.environment(env)), dynamoDb, clock, log);
    }

    private static Map<String, Object> invoke(AuthorizerHandler handler, String fixture) {
        return LambdaRuntime.asApiGatewaySeesIt(handler.handleRequest(LambdaRuntime.eventFile(fixture), null));
    }

    /** The same token, many times at one instant: the read path itself, so without the hot-token shield. */
    private static final Map<String, String> UNSHIELDED = Map.of("HOT_TOKEN_THRESHOLD_PER_SECOND", "0");

    @Test
    void everyDecisionIsExactlyOneDynamoDbRequest() {
        AuthorizerHandler handler = handler(UNSHIELDED);
        int decisions = 0;
        for (int round = 0; round < 5; round++) {
            for (String fixture : FIXTURES) {
                Map<String, Object> answer = invoke(handler, fixture);
                assertThat(answer).satisfiesAnyOf(
                        a -> assertThat(a).containsEntry("principalId", "demo-user"),
                        a -> assertThat(a).containsEntry("isAuthorized", true));
                decisions++;
            }
        }
        assertThat(counter.calls()).isEqualTo(decisions);
        assertThat(counter.attempts()).isEqualTo(decisions);
        assertThat(counter.requests()).allSatisfy(r -> assertThat(r).isInstanceOf(BatchGetItemRequest.class));
        assertThat(log.decisions()).hasSize(decisions).allSatisfy(l -> assertThat(l).contains("\"outcome\":\"ALLOW\""));
    }

    @Test
    void eachDecisionLineCarriesItsMetricsWithTheStoreRoundTripItMade() {
        AuthorizerHandler handler = handler(Map.of("REVOCATION_CACHE_SECONDS", "60", "METRIC_NAMESPACE", "acme/tg"));
        invoke(handler, "rest-token.json");
        invoke(handler, "rest-token.json");
        items.revokedToken(Fixtures.DEMO_SUB, Fixtures.DEMO_JTI, DEMO_EXP);

        List<List<EmfDatapoints.Datapoint>> lines = log.decisions().stream().map(EmfDatapoints::read).toList();

        assertThat(lines).hasSize(2).allSatisfy(points -> assertThat(points)
                .allSatisfy(p -> assertThat(p.namespace()).isEqualTo("acme/tg"))
                .filteredOn(p -> p.metric().equals("Decisions") && p.dimensions().size() == 4).singleElement()
                .satisfies(p -> assertThat(p.dimensions()).containsEntry("Function", "AuthorizerFunction")
                        .containsEntry("Outcome", "ALLOW").containsEntry("Reason", "NONE")
                        .containsEntry("IssuerId", "default")));
        assertThat(metric(lines.get(0), "StoreLatency")).as("the first asks DynamoDB once").hasSize(1);
        assertThat(metric(lines.get(0), "NotRevokedCacheHits")).as("no hit, no member").isEmpty();
        assertThat(metric(lines.get(1), "StoreLatency")).as("the second is answered from memory").isEmpty();
        assertThat(metric(lines.get(1), "NotRevokedCacheHits")).containsExactly(1.0);
        assertThat(counter.calls()).isEqualTo(1);
    }

    private static List<Double> metric(List<EmfDatapoints.Datapoint> points, String name) {
        return points.stream().filter(p -> p.metric().equals(name)).flatMap(p -> p.values().stream()).toList();
    }

    @Test
    void aRevokedDemoTokenIsRefused() {
        items.revokedToken(Fixtures.DEMO_SUB, Fixtures.DEMO_JTI, DEMO_EXP);
        AuthorizerHandler handler = handler(Map.of());
        assertThatThrownBy(() -> invoke(handler, "rest-token.json")).hasMessage("Unauthorized");
        assertThatThrownBy(() -> invoke(handler, "rest-request.json")).hasMessage("Unauthorized");
        assertThat(invoke(handler, "http-api-v2.json")).isEqualTo(Map.of("isAuthorized", false));
        assertThat(log.decisions()).allSatisfy(l -> assertThat(l).contains("\"reason\":\"TOKEN_REVOKED\""));
    }

    @Test
    void revokeAllRefusesTokensIssuedBeforeIt() {
        items.revokedBefore(Fixtures.DEMO_SUB, DEMO_IAT.plusSeconds(1));
        assertThatThrownBy(() -> invoke(handler(Map.of()), "rest-token.json")).hasMessage("Unauthorized");
        assertThat(log.last()).contains("\"reason\":\"USER_REVOKED\"");
    }

    @Test
    void allowlistModeNeedsTheRegistration() {
        AuthorizerHandler handler = handler(Map.of("REVOCATION_MODE", "allowlist"));
        assertThatThrownBy(() -> invoke(handler, "rest-token.json")).hasMessage("Unauthorized");
        assertThat(log.last()).contains("\"reason\":\"TOKEN_NOT_REGISTERED\"");
        items.registeredToken(Fixtures.DEMO_SUB, Fixtures.DEMO_JTI, DEMO_EXP);
        assertThat(invoke(handler, "rest-token.json")).containsEntry("principalId", "demo-user");
    }

    @Test
    void aStoreStoppedMidRunFailsClosedAndIsNeverAllowed() {
        MotoServer own = MotoServer.start();
        try (DynamoDbClient ownClient = StoreClients.production(MotoServer.REGION, own.endpoint(),
                MotoServer.credentials())) {
            own.createTable("tokens", "PK", "SK", "ttl", false);
            AuthorizerHandler handler = handler(Map.of("TOKEN_TABLE", "tokens"), ownClient);
            assertThat(invoke(handler, "rest-token.json")).containsEntry("principalId", "demo-user");
            own.stop();
            for (String fixture : FIXTURES) {
                assertThatThrownBy(() -> invoke(handler, fixture))
                        .isExactlyInstanceOf(ProtocolError.class).hasMessage("AuthorizerUnavailable");
            }
            AuthorizerHandler iam = handler(Map.of("TOKEN_TABLE", "tokens", "HTTP_API_RESPONSE", "iam"), ownClient);
            assertThatThrownBy(() -> invoke(iam, "http-api-v2.json")).hasMessage("AuthorizerUnavailable");
            assertThat(log.decisions().subList(1, log.decisions().size())).hasSize(4).allSatisfy(l ->
                    assertThat(l).contains("\"outcome\":\"UNAVAILABLE\"", "\"reason\":\"STORE_UNAVAILABLE\""));
        } finally {
            own.close();
        }
    }

    @Test
    void theNotRevokedCacheDelaysARevocationByAtMostItsTtl() {
        AuthorizerHandler handler = handler(Map.of("REVOCATION_CACHE_SECONDS", "30"));
        assertThat(invoke(handler, "rest-token.json")).containsEntry("principalId", "demo-user");
        items.revokedToken(Fixtures.DEMO_SUB, Fixtures.DEMO_JTI, DEMO_EXP);
        clock.advanceSeconds(29);
        assertThat(invoke(handler, "rest-token.json")).containsEntry("principalId", "demo-user");
        assertThat(counter.calls()).isEqualTo(1);
        clock.advanceSeconds(1);
        assertThatThrownBy(() -> invoke(handler, "rest-token.json")).hasMessage("Unauthorized");
        assertThatThrownBy(() -> invoke(handler, "rest-token.json")).hasMessage("Unauthorized");
        assertThat(counter.calls()).isEqualTo(3);
    }

    @Test
    void theHotTokenShieldReadsAHotTokenOncePerSecondAndHonoursItsRevocationWithinOne() {
        AuthorizerHandler handler = handler(Map.of()); // the default: more than 5 decisions in a second is hot
        for (int i = 0; i < 300; i++) { // 3 s at 100 decisions per second
            assertThat(invoke(handler, "rest-token.json")).containsEntry("principalId", "demo-user");
            clock.advance(java.time.Duration.ofMillis(10));
        }
        // 5 ordinary reads, the 6th is held for a second, then one read per second
        assertThat(counter.calls()).isEqualTo(5 + 3);

        items.revokedToken(Fixtures.DEMO_SUB, Fixtures.DEMO_JTI, DEMO_EXP);
        Instant revoked = clock.instant();
        int allowedAfter = 0;
        for (int i = 0; i < 150; i++) {
            boolean bound = !clock.instant().isBefore(revoked.plusSeconds(1));
            try {
                invoke(handler, "rest-token.json");
                assertThat(bound).as("allowed %d ms after the revocation", 10 * i).isFalse();
                allowedAfter++;
            } catch (RuntimeException refused) {
                assertThat(refused).hasMessage("Unauthorized");
            }
            clock.advance(java.time.Duration.ofMillis(10));
        }
        assertThat(allowedAfter).isLessThan(100);
        assertThat(log.last()).contains("\"reason\":\"TOKEN_REVOKED\"");
    }

    /** A measurement for the notes, not an assertion on time: warm decision latency of one local run. */
    @Test
    void reportsTheWarmDecisionTime() {
        AuthorizerHandler handler = handler(UNSHIELDED);
        Map<String, Object> event = LambdaRuntime.eventFile("rest-token.json");
        long coldStart = System.nanoTime();
        handler.handleRequest(event, null);
        double firstMillis = (System.nanoTime() - coldStart) / 1e6;
        for (int i = 0; i < 30; i++) {
            handler.handleRequest(event, null);
        }
        List<Double> millis = new ArrayList<>();
        counter.reset();
        int runs = 200;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            handler.handleRequest(event, null);
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("[measurement] authorizer decision on moto (url-connection, 1 BatchGetItem): first %.2f ms;"
                        + " warm n=%d median %.2f ms, p90 %.2f ms, p99 %.2f ms; DynamoDB calls per decision %.2f%n",
                firstMillis, runs, millis.get(runs / 2), millis.get(runs * 9 / 10), millis.get(runs * 99 / 100),
                counter.calls() / (double) runs);
        assertThat(counter.calls()).isEqualTo(runs);
    }
}
