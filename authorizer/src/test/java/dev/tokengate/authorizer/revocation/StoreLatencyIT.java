package dev.tokengate.authorizer.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Cold and warm GetItem / BatchGetItem latency of the production client shape (url-connection) against moto.
 * Printed for the notes; nothing here asserts on time.
 */
@ExtendWith(MotoExtension.class)
class StoreLatencyIT {
    private static final Principal ALICE = new Principal("default", "alice");

    @Test
    void reportsColdAndWarmLatency(MotoServer moto) {
        String table = moto.createTable("latency-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
        try (DynamoDbClient warmup = moto.dynamoDb()) {
            warmup.getItem(b -> b.tableName(table).key(TokenTable.tokenKey(ALICE, "t"))); // moto's own first-call cost
        }
        List<String> lines = new ArrayList<>();
        lines.add(measure("GetItem", moto, client -> () -> client.getItem(b -> b.tableName(table)
                .consistentRead(true).key(TokenTable.tokenKey(ALICE, "t1")))));
        lines.add(measure("BatchGetItem(3 keys)", moto, client -> () -> client.batchGetItem(b -> b.requestItems(Map.of(
                table, KeysAndAttributes.builder().consistentRead(true).keys(TokenTable.tokenKey(ALICE, "t1"),
                        TokenTable.familyKey(ALICE, "f1"), TokenTable.revokedBeforeKey(ALICE)).build())))));
        lines.forEach(System.out::println);
        assertThat(lines).hasSize(2);
    }

    private static String measure(String name, MotoServer moto,
                                  java.util.function.Function<DynamoDbClient, Supplier<?>> call) {
        long built = System.nanoTime();
        try (DynamoDbClient client = StoreClients.production(MotoServer.REGION, moto.endpoint(),
                MotoServer.credentials())) {
            Supplier<?> op = call.apply(client);
            long first = System.nanoTime();
            op.get();
            double coldWithBuild = (System.nanoTime() - built) / 1e6;
            double cold = (System.nanoTime() - first) / 1e6;
            for (int i = 0; i < 50; i++) {
                op.get();
            }
            int runs = 200;
            List<Double> millis = new ArrayList<>(runs);
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                op.get();
                millis.add((System.nanoTime() - start) / 1e6);
            }
            Collections.sort(millis);
            return String.format("[measurement] %s via url-connection on moto: cold first call %.1f ms (%.1f ms with "
                            + "client build); warm n=%d median %.2f ms, p90 %.2f ms", name, cold, coldWithBuild, runs,
                    millis.get(runs / 2), millis.get(runs * 9 / 10));
        }
    }
}
