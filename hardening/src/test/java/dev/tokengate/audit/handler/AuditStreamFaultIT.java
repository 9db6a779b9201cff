package dev.tokengate.audit.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.audit.config.AuditConfig;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.metrics.MetricNamespace;
import dev.tokengate.hardening.Fuzz;
import dev.tokengate.hardening.Measurements;
import dev.tokengate.hardening.fault.FaultProxy;
import dev.tokengate.hardening.fault.FaultProxy.Fault;
import dev.tokengate.testkit.LambdaInvocationContext;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stream audit writing through the fault proxy, which fails about half of all requests (seeded: every kind of
 * fault, including "the write landed but the answer was lost"). The test plays Lambda's event source mapping: it
 * redelivers from the sequence number the handler reports until the batch is done, then replays the whole batch
 * twice more (at-least-once delivery). The audit table must then equal, item for item, the table a fault-free run
 * writes: nothing lost, nothing twice.
 */
@ExtendWith(MotoExtension.class)
class AuditStreamFaultIT {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Fault> FAULTS = List.of(Fault.DELAY, Fault.DROP, Fault.RESET, Fault.HTTP_500,
            Fault.THROTTLE, Fault.DROP_RESPONSE);
    /** Tighter than production (10 s / 3 s / 3): the same semantics, a faster test. */
    private static final DynamoDbClients.Budget BUDGET = new DynamoDbClients.Budget(Duration.ofSeconds(3),
            Duration.ofMillis(500), 3, Duration.ofMillis(500));

    private final MotoServer moto;

    AuditStreamFaultIT(MotoServer moto) {
        this.moto = moto;
    }

    /** batch.json's five records (every kind of change), cloned for eight users with unique ids and sequence. */
    static List<ObjectNode> records() {
        List<ObjectNode> out = new ArrayList<>();
        long sequence = 500_000_000_000_000_000L;
        for (int user = 0; user < 8; user++) {
            for (ObjectNode sample : StreamRecords.sample("batch.json")) {
                ObjectNode record = sample.deepCopy();
                StreamRecords.replaceStrings(record, Map.of("alice-7f3c", "alice-" + user, "bob-21aa", "bob-" + user));
                record.put("eventID", record.get("eventID").asText().substring(0, 24) + String.format("%08d", out.size()));
                ((ObjectNode) record.get("dynamodb")).put("SequenceNumber", Long.toString(sequence++));
                out.add(record);
            }
        }
        return out;
    }

    private record Run(AuditStreamHandler handler, DynamoDbClient client, List<String> log) {
    }

    private Run run(String auditTable, java.net.URI endpoint) {
        AuditConfig config = new AuditConfig(auditTable, 400, Region.US_EAST_1, BUDGET, Optional.empty(),
                new MetricNamespace(MetricNamespace.DEFAULT));
        DynamoDbClient client = DynamoDbClients.builder(config.region(), config.dynamoDbBudget())
                .endpointOverride(endpoint).credentialsProvider(MotoServer.credentials()).build();
        List<String> log = new CopyOnWriteArrayList<>();
        return new Run(new AuditStreamHandler(config, client, Clock.fixed(NOW, ZoneOffset.UTC), log::add), client, log);
    }

    /** Event source mapping: deliver, then redeliver from the reported sequence number until nothing fails. */
    private static int deliver(AuditStreamHandler handler, List<ObjectNode> batch) {
        List<ObjectNode> pending = batch;
        int redeliveries = 0;
        while (!pending.isEmpty()) {
            assertThat(redeliveries).as("the batch makes progress").isLessThan(500);
            StreamsEventResponse response = handler.handleRequest(StreamRecords.event(pending),
                    new LambdaInvocationContext("AuditStreamFunction", 30_000));
            if (response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
                return redeliveries;
            }
            assertThat(response.getBatchItemFailures()).hasSize(1);
            String failed = response.getBatchItemFailures().get(0).getItemIdentifier();
            int from = -1;
            for (int i = 0; i < pending.size(); i++) {
                if (pending.get(i).get("dynamodb").get("SequenceNumber").asText().equals(failed)) {
                    from = i;
                }
            }
            assertThat(from).as("the reported sequence number %s is in the batch", failed).isNotNegative();
            pending = pending.subList(from, pending.size());
            redeliveries++;
        }
        return redeliveries;
    }

    private List<Map<String, AttributeValue>> scan(String table) {
        try (DynamoDbClient plain = moto.dynamoDb()) {
            List<Map<String, AttributeValue>> items = new ArrayList<>(plain.scan(r -> r.tableName(table)).items());
            items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("PK").s())
                    .thenComparing(i -> i.get("SK").s()));
            return items;
        }
    }

    @Test
    void injectedFailuresAndRedeliveriesLoseNothingAndDuplicateNothing() {
        List<ObjectNode> batch = records();

        String reference = moto.createTable("audit-ref-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
        Run clean = run(reference, moto.endpoint());
        assertThat(deliver(clean.handler(), batch)).isZero();
        clean.client().close();
        List<Map<String, AttributeValue>> expected = scan(reference);
        assertThat(expected).hasSizeGreaterThanOrEqualTo(batch.size() - 8); // batch.json has one skip-only record

        String audited = moto.createTable("audit-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
        Random random = new Random(Long.parseLong(Fuzz.SEED));
        List<Fault> plan = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            plan.add(random.nextInt(2) == 0 ? Fault.NONE : FAULTS.get(random.nextInt(FAULTS.size())));
        }
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint()).delay(Duration.ofMillis(800))) {
            proxy.schedule(i -> i < plan.size() ? plan.get(i) : Fault.NONE);
            Run faulty = run(audited, proxy.endpoint());
            int redeliveries = deliver(faulty.handler(), batch);
            redeliveries += deliver(faulty.handler(), batch);
            redeliveries += deliver(faulty.handler(), batch);
            proxy.clear();
            proxy.awaitIdle();
            faulty.client().close();

            assertThat(scan(audited)).as("the audit trail after faults equals the fault-free trail")
                    .containsExactlyElementsOf(expected);
            Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
            proxy.seen().forEach(s -> injected.merge(s.fault(), 1, Integer::sum));
            Measurements.record("ttl-cleanup-fn: %d records delivered 3 times through the fault proxy; DynamoDB "
                    + "requests by fault %s; %d redeliveries from a reported sequence number; audit items %d "
                    + "(fault-free run %d), missing 0, duplicated 0", batch.size(), injected, redeliveries,
                    scan(audited).size(), expected.size());
            assertThat(faulty.log()).noneMatch(l -> l.contains("Exception:") || l.contains("\tat "));
        }
    }
}
