package dev.tokengate.authorizer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.authorizer.binding.ProofUse;
import dev.tokengate.authorizer.revocation.ScriptedDynamoDb;
import dev.tokengate.authorizer.revocation.ScriptedDynamoDb.Answer;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.token.DenyReason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A throttled replay write is reported as the revocation lookup reports its own throttling ({@code STORE_THROTTLED},
 * an uncached error), and a server error as {@code STORE_UNAVAILABLE}: never a first use. Scripted answers on
 * loopback, since moto cannot throttle; the write itself is tested against moto in {@code DpopReplayIT}.
 */
class ReplayWriterThrottlingTest {
    private static final String TABLE = "tokens";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    /** Generous: these answers come at once, and the test is about their meaning, not the budget. */
    private static final DynamoDbClients.Budget BUDGET = new DynamoDbClients.Budget(Duration.ofSeconds(10),
            Duration.ofSeconds(5), 2, Duration.ofSeconds(5));

    private final ScriptedDynamoDb dynamoDb = ScriptedDynamoDb.start(TABLE);
    private final DynamoDbClient client = dynamoDb.client(BUDGET);
    private final ReplayWriter writer = new ReplayWriter(client, TABLE);

    @AfterEach
    void stop() {
        client.close();
        dynamoDb.close();
    }

    private ReplayStatus write() {
        return writer.remember(new ProofUse("default", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", "proof-1",
                NOW.plusSeconds(60)), NOW).await();
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"PROVISIONED_THROUGHPUT_EXCEEDED", "THROTTLING", "REQUEST_LIMIT_EXCEEDED"})
    void aWriteThrottledOnEveryAttemptIsStoreThrottled(Answer throttle) {
        dynamoDb.then(throttle, throttle);

        ReplayStatus status = write();

        assertThat(status.kind()).isEqualTo(ReplayStatus.Kind.UNAVAILABLE);
        assertThat(status.reason()).isEqualTo(DenyReason.STORE_THROTTLED);
        assertThat(dynamoDb.given()).containsExactly(throttle, throttle);
    }

    @Test
    void aServerErrorIsStoreUnavailable() {
        dynamoDb.then(Answer.INTERNAL_SERVER_ERROR, Answer.INTERNAL_SERVER_ERROR);

        ReplayStatus status = write();

        assertThat(status.kind()).isEqualTo(ReplayStatus.Kind.UNAVAILABLE);
        assertThat(status.reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
    }

    @Test
    void aThrottleThenASuccessIsAFirstUse() {
        dynamoDb.then(Answer.THROTTLING); // then the script's end: an empty 200, which a PutItem reads as success

        assertThat(write().kind()).isEqualTo(ReplayStatus.Kind.FIRST_USE);
    }
}
