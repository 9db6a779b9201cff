package dev.tokengate.audit.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.audit.config.AuditConfig;
import dev.tokengate.hardening.Events;
import dev.tokengate.hardening.Fuzz;
import dev.tokengate.testkit.LambdaInvocationContext;
import dev.tokengate.hardening.Measurements;
import dev.tokengate.testkit.MotoServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Property-based fuzzing of the stream audit on moto: batches of sample records from {@code events/ttl-cleanup-fn/}
 * with fields deleted, retyped or replaced anywhere (attribute values with no type, several types, wrong types;
 * unknown event names; missing images and keys). The handler never throws and, on a healthy table, never asks for a
 * redelivery (a poison record is audited as MALFORMED, not retried); each record gets exactly one log line; a second
 * delivery of the same batch writes nothing new; the free-text reason never reaches the logs.
 */
class AuditStreamFuzzIT {
    private static final String SECRET_REASON = "reason-must-not-be-logged-7f3a9c";
    private static final List<String> SAMPLES = List.of("batch.json", "deleted.json", "family-revoked.json",
            "malformed.json", "malformed-no-keys.json", "skipped-unchanged.json", "token-registered.json",
            "token-revoked-insert.json", "token-revoked.json", "ttl-expired.json", "user-revoked-all-moved.json",
            "user-revoked-all.json");
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final AtomicInteger RECORDS = new AtomicInteger();
    private static final AtomicInteger UNREADABLE = new AtomicInteger();
    private static MotoServer moto;
    private static String table;
    private static List<ObjectNode> pool;
    /** Items in the shared audit table after the previous try (only this property writes to it). */
    private static long itemsSoFar;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final DynamoDbClient client;
    private final AuditStreamHandler handler;

    @BeforeContainer
    static void startMoto() {
        moto = MotoServer.start();
        table = moto.createTable("audit-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
        pool = new ArrayList<>();
        for (String sample : SAMPLES) {
            for (ObjectNode record : StreamRecords.sample(sample)) {
                StreamRecords.replaceStrings(record, Map.of("logout", SECRET_REASON,
                        "account compromised", SECRET_REASON));
                pool.add(record);
            }
        }
    }

    @AfterContainer
    static void stopMoto() {
        Measurements.record("ttl-cleanup-fn fuzz: %d mutated records handled, %d batches the runtime's serializer "
                + "itself could not read (discarded)", RECORDS.get(), UNREADABLE.get());
        moto.close();
    }

    AuditStreamFuzzIT() {
        AuditConfig config = AuditConfig.fromEnvironment(Map.of(AuditConfig.AUDIT_TABLE, table,
                AuditConfig.AWS_REGION, MotoServer.REGION.id()));
        client = dev.tokengate.core.dynamodb.DynamoDbClients.builder(config.region(), config.dynamoDbBudget())
                .endpointOverride(moto.endpoint()).credentialsProvider(MotoServer.credentials()).build();
        handler = new AuditStreamHandler(config, client, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"),
                ZoneOffset.UTC), log::add);
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.of("INSERT", "MODIFY", "REMOVE", "insert", "", "USER#", "USER#x", "TOKEN#", "FAMILY#y",
                        "REVOKED_BEFORE", "Service", "dynamodb.amazonaws.com", "12", "-1", "1e400", "NaN")
                        .map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null),
                Arbitraries.of(Map.of(), Map.of("S", "x"), Map.of("N", "abc"), Map.of("N", "99999999999999999999999"),
                        Map.of("BOOL", "yes"), Map.of("S", "a", "N", "1"), Map.of("NULL", true),
                        Map.of("L", List.of()), Map.of("M", Map.of("S", Map.of("S", "x"))), Map.of("BOOL", false),
                        Map.of("BOOL", true), Map.of("SS", List.of("a", "b")), Map.of("B", "AAEC"))
                        .map(m -> (Object) m),
                Arbitraries.just((Object) List.of(1, "x")));
    }

    record Batch(List<ObjectNode> records) {
        @Override
        public String toString() {
            return StreamRecords.json(records);
        }
    }

    @Provide
    Arbitrary<Batch> batches() {
        Arbitrary<ObjectNode> mutated = Combinators.combine(Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 10_000).list().ofMinSize(1).ofMaxSize(3),
                        values().list().ofSize(3), Arbitraries.integers().between(0, 2).list().ofSize(3))
                .as((which, picks, replacements, ops) -> {
                    ObjectNode record = pool.get(which % pool.size()).deepCopy();
                    for (int i = 0; i < picks.size(); i++) {
                        mutate(record, picks.get(i), replacements.get(i), ops.get(i));
                    }
                    return record;
                });
        return mutated.list().ofMinSize(1).ofMaxSize(4).map(Batch::new);
    }

    private static void mutate(ObjectNode record, int pick, Object value, int op) {
        List<Object[]> slots = new ArrayList<>();
        collect(record, slots);
        Object[] slot = slots.get(pick % slots.size());
        JsonNode replacement = Events.JSON.valueToTree(value);
        if (slot[0] instanceof ObjectNode object) {
            String name = (String) slot[1];
            if (op == 0) {
                object.remove(name);
            } else {
                object.set(name, replacement);
            }
        } else {
            ArrayNode array = (ArrayNode) slot[0];
            int index = (Integer) slot[1];
            if (op == 0) {
                array.remove(index);
            } else {
                array.set(index, replacement);
            }
        }
    }

    private static void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> {
                slots.add(new Object[] {object, e.getKey()});
                collect(e.getValue(), slots);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Object[] {array, i});
                collect(array.get(i), slots);
            }
        }
    }

    /** Unique eventIDs and sequence numbers per batch, as a real stream has (the mutations may remove them). */
    private static List<ObjectNode> identified(List<ObjectNode> records) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode record : records) {
            ObjectNode copy = record.deepCopy();
            int n = UNIQUE.incrementAndGet();
            if (copy.has("eventID")) {
                copy.put("eventID", String.format("%032x", n));
            }
            if (copy.get("dynamodb") instanceof ObjectNode dynamodb && dynamodb.has("SequenceNumber")) {
                dynamodb.put("SequenceNumber", Long.toString(900_000_000_000_000_000L + n));
            }
            out.add(copy);
        }
        return out;
    }

    private long count() {
        try (DynamoDbClient plain = moto.dynamoDb()) {
            return plain.scan(s -> s.tableName(table).select(Select.COUNT)).count();
        }
    }

    @Property(seed = Fuzz.SEED)
    void anyRecordIsAuditedOnceWithoutRetryOrLeak(@ForAll("batches") Batch batch) {
        List<ObjectNode> records = identified(batch.records());
        DynamodbEvent event;
        try {
            event = StreamRecords.event(records);
        } catch (RuntimeException unreadable) {
            // The Lambda runtime would fail to deserialize this before any handler ran: nothing to test.
            UNREADABLE.incrementAndGet();
            Assume.that(false);
            return;
        }
        // Count what the handler is given: the runtime's serializer may itself split or merge malformed records.
        int handed = event.getRecords().size();
        RECORDS.addAndGet(handed);
        log.clear();
        long before = itemsSoFar;
        StreamsEventResponse first = handler.handleRequest(event, new LambdaInvocationContext("AuditStreamFunction", 30_000));
        assertThat(first.getBatchItemFailures()).as("a healthy table never needs a redelivery: %s", batch).isEmpty();
        assertThat(lines("audit.record") + lines("audit.skipped")).as("one line per record").isEqualTo(handed);
        assertThat(lines("audit.failed")).isZero();
        long afterFirst = count();
        itemsSoFar = afterFirst;
        assertThat(afterFirst - before).isLessThanOrEqualTo(handed);

        log.clear();
        StreamsEventResponse second = handler.handleRequest(StreamRecords.event(records),
                new LambdaInvocationContext("AuditStreamFunction", 30_000));
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(count()).as("a redelivered batch writes nothing new").isEqualTo(afterFirst);
        assertThat(log).noneMatch(l -> l.contains("\"outcome\":\"WRITTEN\""));
        assertThat(log).noneMatch(l -> l.contains(SECRET_REASON));
    }

    private long lines(String event) {
        return log.stream().filter(l -> l.contains("\"event\":\"" + event + "\"")).count();
    }
}
