package dev.tokengate.authorizer.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.token.DenyReason;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;

/** The revocation scenarios on moto (the default tier, always run), plus what only a local process can show. */
@ExtendWith(MotoExtension.class)
class MotoRevocationIT extends RevocationScenarios {
    private final MotoServer moto;

    MotoRevocationIT(MotoServer moto) {
        this.moto = moto;
    }

    @Override
    protected DynamoDbClient productionClient(ExecutionInterceptor... interceptors) {
        return StoreClients.production(MotoServer.REGION, moto.endpoint(), MotoServer.credentials(), interceptors);
    }

    /**
     * Makes the next {@code times} BatchGetItem answers come back as if DynamoDB had processed none of the keys,
     * which is what a throttled or oversized batch looks like.
     */
    static final class UnprocessedKeys implements ExecutionInterceptor {
        private final AtomicInteger remaining;

        UnprocessedKeys(int times) {
            this.remaining = new AtomicInteger(times);
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (context.response() instanceof BatchGetItemResponse && remaining.getAndDecrement() > 0) {
                BatchGetItemRequest request = (BatchGetItemRequest) context.request();
                return BatchGetItemResponse.builder().unprocessedKeys(request.requestItems()).build();
            }
            return context.response();
        }
    }

    @Test
    void unprocessedKeysAreRetriedUntilAnswered() {
        RequestCounter calls = new RequestCounter();
        try (DynamoDbClient flaky = productionClient(new UnprocessedKeys(2), calls)) {
            items.revokedToken("alice", "t1", EXPIRES);
            RevocationStatus status = new RevocationLookup(flaky, table, true, RevocationMode.DENYLIST, Duration.ZERO)
                    .check(token("alice", "t1", null, ISSUED), NOW);
            assertThat(status.reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
            assertThat(calls.calls()).isEqualTo(3);
        }
    }

    @Test
    void unprocessedKeysBeyondTheBudgetFailClosed() {
        RequestCounter calls = new RequestCounter();
        try (DynamoDbClient flaky = productionClient(new UnprocessedKeys(Integer.MAX_VALUE), calls)) {
            RevocationStatus status = new RevocationLookup(flaky, table, true, RevocationMode.DENYLIST, Duration.ZERO)
                    .check(token("alice", "t1", null, ISSUED), NOW);
            assertThat(status.kind()).isEqualTo(RevocationStatus.Kind.UNAVAILABLE);
            assertThat(calls.calls()).isEqualTo(1 + RevocationLookup.MAX_UNPROCESSED_RETRIES);
        }
    }

    @Test
    void aStoppedEngineFailsClosedWithinTheBudget() {
        MotoServer own = MotoServer.start();
        try (DynamoDbClient ownClient = StoreClients.production(MotoServer.REGION, own.endpoint(),
                MotoServer.credentials())) {
            own.createTable("tokens", "PK", "SK", "ttl", false);
            RevocationLookup lookup = new RevocationLookup(ownClient, "tokens", true, RevocationMode.DENYLIST);
            assertThat(lookup.check(token("alice", "t1", null, ISSUED), NOW).isNotRevoked()).isTrue();
            own.stop();
            RevocationStatus status = lookup.check(token("alice", "t1", null, ISSUED), NOW);
            assertThat(status.kind()).isEqualTo(RevocationStatus.Kind.UNAVAILABLE);
            assertThat(status.reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
        } finally {
            own.close();
        }
    }
}
