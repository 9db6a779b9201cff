package dev.tokengate.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The production client factory against a real DynamoDB API (moto_server). */
@ExtendWith(MotoExtension.class)
class DynamoDbClientsIT {
    private static final Principal ALICE = new Principal("default", "alice");
    static final DynamoDbClients.Budget BUDGET = new DynamoDbClients.Budget(
            Duration.ofSeconds(2), Duration.ofMillis(800), 2, Duration.ofMillis(500));

    static DynamoDbClient clientFor(MotoServer moto) {
        return DynamoDbClients.builder(MotoServer.REGION, BUDGET)
                .endpointOverride(moto.endpoint())
                .credentialsProvider(MotoServer.credentials())
                .build();
    }

    @Test
    void readsAndWritesTokenItemsWithTheSharedVocabulary(MotoServer moto) {
        String table = moto.createTable("tokens-" + UUID.randomUUID(), TokenTable.PARTITION_KEY, TokenTable.SORT_KEY,
                TokenTable.TTL, false);
        try (DynamoDbClient client = clientFor(moto)) {
            Map<String, AttributeValue> item = new HashMap<>(TokenTable.tokenKey(ALICE, "j1"));
            item.put(TokenTable.REVOKED, AttributeValue.fromBool(true));
            client.putItem(r -> r.tableName(table).item(item));

            Map<String, AttributeValue> read = client.getItem(r -> r.tableName(table)
                    .key(TokenTable.tokenKey(ALICE, "j1")).consistentRead(true)).item();
            assertThat(read.get(TokenTable.REVOKED).bool()).isTrue();
        }
    }

    @Test
    void failsWithinTheBudgetWhenTheEngineIsGone() {
        MotoServer own = MotoServer.start();
        String table = own.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
        try (DynamoDbClient client = clientFor(own)) {
            own.stop();
            assertThatThrownBy(() -> client.getItem(r -> r.tableName(table).key(TokenTable.tokenKey(ALICE, "b"))))
                    .isInstanceOf(SdkException.class);
        } finally {
            own.close();
        }
    }
}
