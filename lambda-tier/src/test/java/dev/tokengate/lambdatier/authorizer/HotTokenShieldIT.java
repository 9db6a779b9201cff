package dev.tokengate.lambdatier.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TestIssuer;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The hot-token shield through the real runtime: the authorizer's zip with the template's parameters, twice (the
 * default threshold of 5, and 0 = off), DynamoDB's {@code BatchGetItem} requests counted by the signing-check proxy
 * in front of moto. One token per window, so a window's count is that token's reads.
 *
 * <p>Nothing asserts on time. Times measured here (the test's wall clock, the same clock the function reads) only
 * decide which bound applies: how many seconds a run lasted, whether consecutive decisions could have been a second
 * apart, and which decisions started a full second after a revocation was acknowledged.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotTokenShieldIT {
    private static final int THRESHOLD = 5;
    private static final int HOT_DECISIONS = 300;
    /** The hot client: about 100 decisions per second in one container. */
    private static final int HOT_RATE = 100;
    private static final long SECOND = 1_000_000_000L;

    private final TestIssuer issuer = TestIssuer.fresh();
    private MotoServer moto;
    private String tokenTable;
    private LambdaSandbox shielded;
    private LambdaSandbox unshielded;

    @BeforeAll
    void start(MotoServer moto) {
        this.moto = moto;
        tokenTable = TierTables.tokenTable(moto, "lambda-tier-hot");
        shielded = sandbox(StackParameters.of(issuer.parameters())); // the template's default threshold
        unshielded = sandbox(StackParameters.of(issuer.parameters()).with("HotTokenThresholdPerSecond", "0"));
    }

    private LambdaSandbox sandbox(StackParameters parameters) {
        return LambdaSandbox.function("AuthorizerFunction")
                .parameters(parameters)
                .tokenTableOn(moto, tokenTable)
                .start();
    }

    @AfterAll
    void stop() {
        if (shielded != null) {
            shielded.close();
        }
        if (unshielded != null) {
            unshielded.close();
        }
    }

    /** One decision as the test saw it: when it was handed over, when it was answered, and the answer. */
    private record Decision(long startedNanos, long endedNanos, boolean allowed, Invocation invocation) {
    }

    private static Decision decide(LambdaSandbox authorizer, String token) {
        long started = System.nanoTime();
        Invocation invocation = authorizer.invoke(Events.withToken("authorizer", "rest-token.json", token));
        long ended = System.nanoTime();
        boolean allowed = invocation.succeeded();
        if (!allowed) {
            assertThat(invocation.error().errorMessage()).as(invocation::report).isEqualTo("Unauthorized");
        }
        return new Decision(started, ended, allowed, invocation);
    }

    private static List<Decision> backToBack(LambdaSandbox authorizer, String token, int count) {
        List<Decision> decisions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            decisions.add(decide(authorizer, token));
        }
        return decisions;
    }

    /**
     * {@code count} decisions started no faster than {@code perSecond} (each waits for its slot; one that is late
     * starts at once, so a slow machine simply runs them back to back). Bounded by count.
     */
    private static List<Decision> paced(LambdaSandbox authorizer, String token, int count, int perSecond) {
        List<Decision> decisions = new ArrayList<>(count);
        long first = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = first + i * SECOND / perSecond - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            decisions.add(decide(authorizer, token));
        }
        return decisions;
    }

    private static double seconds(List<Decision> decisions) {
        return (decisions.get(decisions.size() - 1).endedNanos() - decisions.get(0).startedNanos()) / 1e9;
    }

    /**
     * Pairs of consecutive decisions whose decision instants may have been 1/6 s or more apart (the next one ended
     * that long after this one started). Without any, every 6 consecutive decisions fall within one second, so the
     * token stays hot from its 6th decision on.
     */
    private static int possibleStalls(List<Decision> decisions) {
        int stalls = 0;
        for (int i = 0; i + 1 < decisions.size(); i++) {
            if (decisions.get(i + 1).endedNanos() - decisions.get(i).startedNanos() >= SECOND / (THRESHOLD + 1)) {
                stalls++;
            }
        }
        return stalls;
    }

    @Test
    void aHotTokenIsReadAboutOncePerSecondWithTheShieldAndOnEveryDecisionWithout() {
        String token = issuer.sign(issuer.token());

        DynamoDbRequests.Window shieldedReads = shielded.dynamoDb().window();
        List<Decision> hot = paced(shielded, token, HOT_DECISIONS, HOT_RATE);
        long reads = shieldedReads.count("BatchGetItem");

        double elapsed = seconds(hot);
        int stalls = possibleStalls(hot);
        assertThat(hot).allSatisfy(d -> assertThat(d.allowed()).as(d.invocation()::report).isTrue());
        // 5 ordinary reads, the 6th read is held, then one read per started second; each stall may cost another
        // THRESHOLD + 1 (the token cools down and warms up again).
        long bound = (THRESHOLD + 1) * (1L + stalls) + (long) Math.ceil(elapsed);
        assertThat(reads).as("%d decisions in %.2f s (%d possible stalls)", HOT_DECISIONS, elapsed, stalls)
                .isLessThanOrEqualTo(bound);
        // Every decision that did not read was answered from a hold, and its line counts it: the sum is decisions
        // minus reads (less only if the SDK retried a read), and the first THRESHOLD + 1 decisions always read.
        assertThat(hot).allSatisfy(d -> assertThat(holds(shielded, d)).isBetween(0L, 1L));
        assertThat(hot.stream().mapToLong(d -> holds(shielded, d)).sum())
                .isBetween(HOT_DECISIONS - reads, (long) HOT_DECISIONS - (THRESHOLD + 1));

        String other = issuer.sign(issuer.token());
        DynamoDbRequests.Window unshieldedReads = unshielded.dynamoDb().window();
        List<Decision> plain = paced(unshielded, other, HOT_DECISIONS, HOT_RATE);
        long plainReads = unshieldedReads.count("BatchGetItem");
        assertThat(plainReads).as("without the shield, one read per decision").isEqualTo(HOT_DECISIONS);
        assertThat(plain).allSatisfy(d -> assertThat(holds(unshielded, d)).isZero());

        System.out.printf("[measurement] hot token through the Lambda runtime: with the shield (threshold %d) %d "
                        + "decisions in %.2f s (%.0f/s) made %d BatchGetItem (%.2f reads/s, %d after the first "
                        + "second's %d); without it %d decisions in %.2f s (%.0f/s) made %d (%.1f reads/s)%n",
                THRESHOLD, HOT_DECISIONS, elapsed, HOT_DECISIONS / elapsed, reads, reads / elapsed,
                reads - (THRESHOLD + 1), THRESHOLD + 1, HOT_DECISIONS, seconds(plain),
                HOT_DECISIONS / seconds(plain), plainReads, plainReads / seconds(plain));
    }

    @Test
    void aBurstOfThresholdDecisionsIsReadOnEveryDecision() {
        String token = issuer.sign(issuer.token());
        DynamoDbRequests.Window reads = shielded.dynamoDb().window();

        backToBack(shielded, token, THRESHOLD); // at most 5 within any second, however fast

        assertThat(reads.count("BatchGetItem")).isEqualTo(THRESHOLD);
    }

    @Test
    void aTokenAtAFewDecisionsPerSecondIsReadOnEveryDecision() throws InterruptedException {
        String token = issuer.sign(issuer.token());
        DynamoDbRequests.Window reads = shielded.dynamoDb().window();

        // 4 per second: any 6 consecutive decisions span at least 1.25 s, so the token is never hot. 2 s in all.
        int decisions = 8;
        for (int i = 0; i < decisions; i++) {
            decide(shielded, token);
            Thread.sleep(250);
        }

        assertThat(reads.count("BatchGetItem")).isEqualTo(decisions);
    }

    @Test
    void aRevokedHotTokenIsRefusedByEveryDecisionStartedOneSecondAfterTheRevocation() throws InterruptedException {
        TestTokens claims = issuer.token();
        String token = issuer.sign(claims);
        assertThat(backToBack(shielded, token, 50)).allSatisfy(d -> assertThat(d.allowed()).isTrue()); // hot, held

        storeRevokedToken((String) claims.claims().get("sub"), (String) claims.claims().get("jti"));
        long acknowledged = System.nanoTime();

        // Decide until 1.5 s after the acknowledgement, at most one decision per 2 ms (still hot, far above the
        // threshold): with the verified-token cache a container decides more than 1,000 times a second here.
        List<Decision> after = new ArrayList<>();
        while (System.nanoTime() - acknowledged < SECOND * 3 / 2) {
            after.add(decide(shielded, token));
            Thread.sleep(2);
        }
        List<Decision> pastTheBound = after.stream()
                .filter(d -> d.startedNanos() - acknowledged >= SECOND).toList();
        assertThat(pastTheBound).as("decisions started a second or more after the revocation").isNotEmpty()
                .allSatisfy(d -> assertThat(d.allowed()).as(d.invocation()::report).isFalse());
        Decision firstRefusal = after.stream().filter(d -> !d.allowed()).findFirst().orElseThrow();
        assertThat(decision(firstRefusal.invocation()).path("reason").asText()).isEqualTo("TOKEN_REVOKED");
        System.out.printf("[measurement] hot token revoked: first refusal started %.0f ms after the revocation "
                        + "write returned; %d decisions allowed after it, all started within the 1 s bound%n",
                (firstRefusal.startedNanos() - acknowledged) / 1e6, after.stream().filter(Decision::allowed).count());
    }

    /** The decision line's {@code HotTokenHolds} metric (written only where it is not zero). */
    private static long holds(LambdaSandbox authorizer, Decision decision) {
        return decisionLine(authorizer, decision.invocation()).path("HotTokenHolds").asLong(0);
    }

    private JsonNode decision(Invocation invocation) {
        return decisionLine(shielded, invocation);
    }

    private static JsonNode decisionLine(LambdaSandbox authorizer, Invocation invocation) {
        return authorizer.logs().await("authorizer.decision of request " + invocation.requestId(),
                line -> "authorizer.decision".equals(line.path("event").asText())
                        && invocation.requestId().equals(line.path("requestId").asText()),
                java.time.Duration.ofSeconds(10));
    }

    private void storeRevokedToken(String sub, String jti) {
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.tokenKey(new Principal("default", sub), jti));
        item.put(TokenTable.SUB, AttributeValue.fromS(sub));
        item.put(TokenTable.JTI, AttributeValue.fromS(jti));
        item.put(TokenTable.REVOKED, AttributeValue.fromBool(true));
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            dynamoDb.putItem(put -> put.tableName(tokenTable).item(item));
        }
    }
}
