package dev.tokengate.audit.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tokengate.audit.LambdaRuntimeJson;
import dev.tokengate.audit.stream.PhantomInserts;
import dev.tokengate.audit.stream.StreamRecordsToLambdaEvent;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole path on a real engine: token-table writes shaped like the revocation API's, the table's real stream
 * read through the DynamoDB Streams API, the batch turned into the event Lambda's event source mapping would send
 * and deserialized by the Lambda runtime's serializer, the handler, the audit table.
 *
 * <p>moto deviates from DynamoDB in two ways that matter here. An {@code UpdateItem} that creates an item yields an
 * extra key-only {@code INSERT}, removed with {@link PhantomInserts} (the local runner needs the same). And moto does not
 * run DynamoDB's TTL process, so no stream record here carries the TTL service identity:
 * {@code EXPIRED} is covered by {@code events/ttl-cleanup-fn/ttl-expired.json} and the unit tests.
 */
@ExtendWith(MotoExtension.class)
class AuditStreamEndToEndIT {
    private static final Principal ALICE = new Principal("default", "alice");
    private static final long NOW = 1_767_225_600L;

    @Test
    void everyChangeOnTheStreamIsAuditedOnceAndAReplayAddsNothing(MotoServer moto) {
        Stream stream = writeTokenTableHistory(moto);
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            StreamsEventResponse response = rig.handler.handleRequest(stream.event(), null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            List<Map<String, AttributeValue>> items = rig.auditItems();
            assertThat(items).extracting(i -> i.get("kind").s()).containsExactlyInAnyOrder(
                    "REGISTERED", "REVOKED", "REVOKED", "FAMILY_REVOKED", "USER_REVOKED_ALL", "USER_REVOKED_ALL",
                    "DELETED");
            assertThat(items).allSatisfy(item -> {
                assertThat(item.get("PK").s()).isEqualTo("USER#default#alice");
                assertThat(item.get("SK").s()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z#.+")
                        .endsWith("#" + item.get("eventID").s());
            });
            assertThat(eventIds(items)).isSubsetOf(stream.eventIds());
            Map<String, AttributeValue> revokedA = only(items, "REVOKED", "jti-A");
            assertThat(revokedA.get("actor").s()).isEqualTo("alice");
            assertThat(revokedA.get("reason").s()).isEqualTo("logout");
            assertThat(revokedA.get("eventName").s()).isEqualTo("MODIFY");
            assertThat(only(items, "REVOKED", "jti-B").get("actor").s()).isEqualTo("admin-1");
            assertThat(only(items, "DELETED", "jti-B").get("actor").s()).isEqualTo("unknown");
            assertThat(items).filteredOn(i -> i.get("kind").s().equals("USER_REVOKED_ALL"))
                    .extracting(i -> i.get("revokedBefore").n()).containsExactlyInAnyOrder("1000", "2000");
            assertThat(rig.lastMetrics().get("Skipped").asLong()).isEqualTo(1);

            StreamsEventResponse replay = rig.handler.handleRequest(stream.event(), null);

            assertThat(replay.getBatchItemFailures()).isEmpty();
            assertThat(rig.auditItems()).isEqualTo(items);
            assertThat(rig.lastMetrics().get("AlreadyWritten").asLong()).isEqualTo(7);
        }
    }

    @Test
    void aFailedAuditWriteMidBatchIsNamedAndTheRedeliveryCompletesTheTrail(MotoServer moto) {
        Stream stream = writeTokenTableHistory(moto);
        FailNthPutItem thirdWriteFails = new FailNthPutItem(3);
        String auditTable = moto.createTable("audit-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
        try (AuditRig rig = new AuditRig(moto, auditTable, thirdWriteFails)) {
            // records 0 and 1 are written; record 2 is the third audit write
            String failedSequenceNumber = stream.records.get(2).dynamodb().sequenceNumber();

            StreamsEventResponse response = rig.handler.handleRequest(stream.event(), null);

            assertThat(response.getBatchItemFailures())
                    .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly(failedSequenceNumber);
            assertThat(eventIds(rig.auditItems())).containsExactlyInAnyOrder(
                    stream.records.get(0).eventID(), stream.records.get(1).eventID());
            assertThat(rig.logLines("audit.failed")).singleElement().satisfies(line -> {
                assertThat(line.get("sequenceNumber").asText()).isEqualTo(failedSequenceNumber);
                assertThat(line.get("error").asText()).isEqualTo("SdkClientException");
            });

            // Lambda redelivers from the failed record on (the engine is healthy again)
            StreamsEventResponse retry = rig.handler.handleRequest(stream.eventFrom(2), null);

            assertThat(retry.getBatchItemFailures()).isEmpty();
            List<Map<String, AttributeValue>> items = rig.auditItems();
            assertThat(items).hasSize(7);
            assertThat(eventIds(items)).doesNotHaveDuplicates().isSubsetOf(stream.eventIds());

            // and a later full redelivery of the batch (a bisected or repeated retry) changes nothing
            assertThat(rig.handler.handleRequest(stream.event(), null).getBatchItemFailures()).isEmpty();
            assertThat(rig.auditItems()).isEqualTo(items);
            assertThat(thirdWriteFails.putItemCalls.get()).isEqualTo(2 + 1 + 5 + 7);
        }
    }

    /** Writes a short history to a fresh token table, as the revocation API and the TTL would, and reads its stream. */
    private static Stream writeTokenTableHistory(MotoServer moto) {
        String table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", true);
        try (DynamoDbClient dynamoDb = moto.dynamoDb(); DynamoDbStreamsClient streams = moto.streams()) {
            // 0: allowlist registration of token A
            Map<String, AttributeValue> tokenA = new HashMap<>(TokenTable.tokenKey(ALICE, "jti-A"));
            tokenA.put("jti", AttributeValue.fromS("jti-A"));
            tokenA.put("sub", AttributeValue.fromS("alice"));
            tokenA.put("exp", AttributeValue.fromN(Long.toString(NOW + 3600)));
            tokenA.put("revoked", AttributeValue.fromBool(false));
            tokenA.put("ttl", AttributeValue.fromN(Long.toString(NOW + 3600)));
            dynamoDb.putItem(r -> r.tableName(table).item(tokenA));
            // 1: the user revokes token A; 2: an admin revokes token B, which had no item yet
            revoke(dynamoDb, table, TokenTable.tokenKey(ALICE, "jti-A"), "alice", "logout");
            revoke(dynamoDb, table, TokenTable.tokenKey(ALICE, "jti-B"), "admin-1", "stolen device");
            // 3: a refresh-token family is revoked
            revoke(dynamoDb, table, TokenTable.familyKey(ALICE, "fam-1"), "alice", "reuse detected");
            // 4: revoke-all, 5: revoke-all moved forward
            revokeAll(dynamoDb, table, 1000);
            revokeAll(dynamoDb, table, 2000);
            // 6: a write that leaves the revocation state as it was
            dynamoDb.updateItem(r -> r.tableName(table).key(TokenTable.tokenKey(ALICE, "jti-A"))
                    .updateExpression("SET #ttl = :ttl")
                    .expressionAttributeNames(Map.of("#ttl", "ttl"))
                    .expressionAttributeValues(Map.of(":ttl", AttributeValue.fromN(Long.toString(NOW + 7200)))));
            // 7: someone deletes token B's revocation by hand
            dynamoDb.deleteItem(r -> r.tableName(table).key(TokenTable.tokenKey(ALICE, "jti-B")));

            String streamArn = dynamoDb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
            // moto writes an extra key-only INSERT before the real one when UpdateItem creates an item (three times
            // here); DynamoDB writes one. Replay what DynamoDB would have delivered.
            List<Record> raw = readAll(streams, streamArn);
            List<Record> records = PhantomInserts.removeFrom(raw);
            assertThat(raw.size() - records.size()).isIn(0, 3);
            assertThat(records).extracting(r -> r.eventNameAsString()).containsExactly(
                    "INSERT", "MODIFY", "INSERT", "INSERT", "INSERT", "MODIFY", "MODIFY", "REMOVE");
            return new Stream(streamArn, records);
        }
    }

    /** Like the revocation API: set revoked with who, when and why, keeping the first revocation's record. */
    private static void revoke(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key, String by,
                               String reason) {
        dynamoDb.updateItem(r -> r.tableName(table).key(key)
                .updateExpression("SET revoked = :t, revokedAt = if_not_exists(revokedAt, :now), "
                        + "revokedBy = if_not_exists(revokedBy, :by), reason = if_not_exists(reason, :reason), "
                        + "#ttl = if_not_exists(#ttl, :ttl)")
                .expressionAttributeNames(Map.of("#ttl", "ttl"))
                .expressionAttributeValues(Map.of(
                        ":t", AttributeValue.fromBool(true),
                        ":now", AttributeValue.fromN(Long.toString(NOW)),
                        ":by", AttributeValue.fromS(by),
                        ":reason", AttributeValue.fromS(reason),
                        ":ttl", AttributeValue.fromN(Long.toString(NOW + 3600)))));
    }

    private static void revokeAll(DynamoDbClient dynamoDb, String table, long revokedBefore) {
        dynamoDb.updateItem(r -> r.tableName(table).key(TokenTable.revokedBeforeKey(ALICE))
                .updateExpression("SET revokedBefore = :rb, revokedAt = :now, revokedBy = :by, reason = :reason, #ttl = :ttl")
                .conditionExpression("attribute_not_exists(revokedBefore) OR revokedBefore < :rb")
                .expressionAttributeNames(Map.of("#ttl", "ttl"))
                .expressionAttributeValues(Map.of(
                        ":rb", AttributeValue.fromN(Long.toString(revokedBefore)),
                        ":now", AttributeValue.fromN(Long.toString(NOW)),
                        ":by", AttributeValue.fromS("admin-1"),
                        ":reason", AttributeValue.fromS("password reset"),
                        ":ttl", AttributeValue.fromN(Long.toString(revokedBefore + 86400)))));
    }

    /** DescribeStream, then every shard from TRIM_HORIZON until a read returns nothing new. */
    private static List<Record> readAll(DynamoDbStreamsClient streams, String streamArn) {
        List<Record> records = new ArrayList<>();
        List<Shard> shards = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards();
        assertThat(shards).isNotEmpty();
        for (Shard shard : shards) {
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int reads = 0; iterator != null && reads < 10; reads++) {
                String current = iterator;
                GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(current));
                if (page.records().isEmpty()) {
                    break;
                }
                records.addAll(page.records());
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    private static List<String> eventIds(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("eventID").s()).toList();
    }

    private static Map<String, AttributeValue> only(List<Map<String, AttributeValue>> items, String kind, String jti) {
        List<Map<String, AttributeValue>> matching = items.stream()
                .filter(i -> i.get("kind").s().equals(kind) && i.containsKey("jti") && i.get("jti").s().equals(jti))
                .toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    /** The records of one stream, and the events Lambda would build from them. */
    private record Stream(String arn, List<Record> records) {
        DynamodbEvent event() {
            return eventFrom(0);
        }

        /** A redelivery that starts at the given record, as after a partial batch failure. */
        DynamodbEvent eventFrom(int index) {
            return LambdaRuntimeJson.event(StreamRecordsToLambdaEvent.toJson(records.subList(index, records.size()), arn));
        }

        List<String> eventIds() {
            return records.stream().map(Record::eventID).collect(Collectors.toList());
        }
    }

    /** Breaks exactly one audit write, the nth PutItem, before it leaves the client: the engine itself stays real. */
    private static final class FailNthPutItem implements ExecutionInterceptor {
        private final int failing;
        final AtomicInteger putItemCalls = new AtomicInteger();

        FailNthPutItem(int failing) {
            this.failing = failing;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
            if (context.request() instanceof PutItemRequest && putItemCalls.incrementAndGet() == failing) {
                throw SdkClientException.create("injected: connection reset during the audit write");
            }
        }
    }
}
