package dev.tokengate.authorizer.revocation;

import static dev.tokengate.authorizer.revocation.ScriptedDynamoDb.Answer.ALL_UNPROCESSED;
import static dev.tokengate.authorizer.revocation.ScriptedDynamoDb.Answer.EMPTY;
import static dev.tokengate.authorizer.revocation.ScriptedDynamoDb.Answer.INTERNAL_SERVER_ERROR;
import static dev.tokengate.authorizer.revocation.ScriptedDynamoDb.Answer.PROVISIONED_THROUGHPUT_EXCEEDED;
import static dev.tokengate.authorizer.revocation.ScriptedDynamoDb.Answer.REQUEST_LIMIT_EXCEEDED;
import static dev.tokengate.authorizer.revocation.ScriptedDynamoDb.Answer.THROTTLING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.authorizer.revocation.ScriptedDynamoDb.Answer;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.token.DenyReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Throttling at each step of a lookup, through the production client (core's retry strategy and production's
 * budget: 1000 ms in all, 400 ms per attempt, 2 attempts) against scripted DynamoDB answers on loopback. A throttled
 * lookup is retried inside the budget, then answered as {@code STORE_THROTTLED}: never "not revoked", never a
 * refusal, and told apart from an outage.
 */
class RevocationLookupThrottlingTest {
    private static final String TABLE = "tokens";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final DynamoDbClients.Budget PRODUCTION = new DynamoDbClients.Budget(Duration.ofMillis(1000),
            Duration.ofMillis(400), 2, Duration.ofMillis(400));

    private final ScriptedDynamoDb dynamoDb = ScriptedDynamoDb.start(TABLE);
    private final DynamoDbClient client = dynamoDb.client(PRODUCTION);
    private final RevocationLookup lookup = new RevocationLookup(client, TABLE, true, RevocationMode.DENYLIST);

    /**
     * The budget is production's, so the first lookup in this JVM must not also pay for loading the SDK's classes:
     * on a loaded machine that alone can outlast a 400 ms attempt and turn the throttling under test into a timeout.
     */
    @BeforeAll
    static void loadTheClientOnce() {
        try (ScriptedDynamoDb warm = ScriptedDynamoDb.start(TABLE);
             DynamoDbClient patient = DynamoDbClients.builder(Region.US_EAST_1, new DynamoDbClients.Budget(
                     Duration.ofSeconds(30), Duration.ofSeconds(30), 1, Duration.ofSeconds(30)))
                     .endpointOverride(warm.endpoint())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                     .build()) {
            new RevocationLookup(patient, TABLE, true, RevocationMode.DENYLIST)
                    .check(Validated.token("warm", "t0", "origin-0", Validated.ISSUED), NOW);
        }
    }

    @AfterEach
    void stop() {
        client.close();
        dynamoDb.close();
    }

    private RevocationStatus check() {
        return lookup.check(Validated.token("alice", "t1", "origin-1", Validated.ISSUED), NOW);
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"PROVISIONED_THROUGHPUT_EXCEEDED", "THROTTLING", "REQUEST_LIMIT_EXCEEDED"})
    void aLookupThrottledOnEveryAttemptIsStoreThrottledAfterItsRetry(Answer throttle) {
        dynamoDb.then(throttle, throttle);

        RevocationStatus status = check();

        assertThat(status.kind()).isEqualTo(RevocationStatus.Kind.UNAVAILABLE);
        assertThat(status.reason()).isEqualTo(DenyReason.STORE_THROTTLED);
        assertThat(status.reason().outcome()).isEqualTo(DenyReason.Outcome.UNAVAILABLE);
        assertThat(status.detail()).endsWith("Exception");
        assertThat(dynamoDb.given()).as("both attempts the budget allows, no more").containsExactly(throttle, throttle);
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"PROVISIONED_THROUGHPUT_EXCEEDED", "THROTTLING", "REQUEST_LIMIT_EXCEEDED"})
    void aThrottledFirstAttemptIsRetriedWithinTheBudget(Answer throttle) {
        dynamoDb.then(throttle);

        assertThat(check().isNotRevoked()).isTrue();
        assertThat(dynamoDb.given()).containsExactly(throttle, EMPTY);
    }

    @Test
    void theReasonIsThatOfTheLastAnswer() {
        dynamoDb.then(PROVISIONED_THROUGHPUT_EXCEEDED, INTERNAL_SERVER_ERROR);
        RevocationStatus afterThrottle = check();
        dynamoDb.then(INTERNAL_SERVER_ERROR, THROTTLING);
        RevocationStatus afterError = check();

        assertThat(afterThrottle.reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
        assertThat(afterError.reason()).isEqualTo(DenyReason.STORE_THROTTLED);
    }

    @Test
    void unprocessedKeysAreRetriedThenReportedAsThrottling() {
        dynamoDb.then(ALL_UNPROCESSED, ALL_UNPROCESSED, ALL_UNPROCESSED);

        RevocationStatus status = check();

        assertThat(status.reason()).isEqualTo(DenyReason.STORE_THROTTLED);
        assertThat(status.detail()).isEqualTo("UnprocessedKeys left after 3 calls");
        assertThat(dynamoDb.given()).hasSize(1 + RevocationLookup.MAX_UNPROCESSED_RETRIES);
    }

    @Test
    void unprocessedKeysThenAnAnswerIsAnAnswer() {
        dynamoDb.then(ALL_UNPROCESSED, ALL_UNPROCESSED);

        assertThat(check().isNotRevoked()).isTrue();
        assertThat(dynamoDb.given()).containsExactly(ALL_UNPROCESSED, ALL_UNPROCESSED, EMPTY);
    }

    @Test
    void aThrottledRetryOfUnprocessedKeysIsThrottling() {
        dynamoDb.then(ALL_UNPROCESSED, PROVISIONED_THROUGHPUT_EXCEEDED, PROVISIONED_THROUGHPUT_EXCEEDED);

        assertThat(check().reason()).isEqualTo(DenyReason.STORE_THROTTLED);
        assertThat(dynamoDb.given()).hasSize(3);
    }

    @Test
    void aServerErrorIsStillAnOutage() {
        dynamoDb.then(INTERNAL_SERVER_ERROR, INTERNAL_SERVER_ERROR);

        RevocationStatus status = check();

        assertThat(status.reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
        assertThat(dynamoDb.given()).containsExactly(INTERNAL_SERVER_ERROR, INTERNAL_SERVER_ERROR);
    }

    @Test
    void backOffIsJitteredAndFitsTheBudget() {
        List<Long> first = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> DynamoDbClients.backoff(DynamoDbClients.THROTTLED_BASE_DELAY, 1).toMillis())
                .toList();
        assertThat(first).allSatisfy(d -> assertThat(d).isBetween(0L,
                DynamoDbClients.THROTTLED_BASE_DELAY.toMillis()));
        assertThat(first.stream().distinct().count()).as("jittered, not one fixed delay").isGreaterThan(5);
        long worst = 0;
        for (int attempt = 1; attempt < 5; attempt++) {
            long cap = Math.min(DynamoDbClients.MAX_BACKOFF.toMillis(),
                    DynamoDbClients.THROTTLED_BASE_DELAY.toMillis() << (attempt - 1));
            assertThat(DynamoDbClients.backoff(DynamoDbClients.THROTTLED_BASE_DELAY, attempt).toMillis())
                    .isBetween(0L, cap);
            worst += cap;
        }
        // The longest back-offs of the most attempts STORE_MAX_ATTEMPTS allows (5) still fit in the whole budget.
        assertThat(worst).isLessThan(PRODUCTION.apiCallTimeout().toMillis());
    }
}
