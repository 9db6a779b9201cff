package dev.tokengate.audit.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.audit.config.AuditConfig;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.emf.EmfValidator;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The handler as production builds it (config record, the core client factory, real moto engine), with a fixed
 * clock and captured log lines. An optional interceptor lets a test break one call without faking DynamoDB.
 */
final class AuditRig implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    final MotoServer moto;
    final String auditTable;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final DynamoDbClient client;
    final AuditStreamHandler handler;

    AuditRig(MotoServer moto, String auditTable, ExecutionInterceptor interceptor) {
        this.moto = moto;
        this.auditTable = auditTable;
        AuditConfig config = AuditConfig.fromEnvironment(Map.of(
                AuditConfig.AUDIT_TABLE, auditTable, AuditConfig.AWS_REGION, MotoServer.REGION.id()));
        DynamoDbClientBuilder builder = DynamoDbClients.builder(config.region(), config.dynamoDbBudget())
                .endpointOverride(moto.endpoint())
                .credentialsProvider(MotoServer.credentials());
        if (interceptor != null) {
            builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                    .addExecutionInterceptor(interceptor).build());
        }
        this.client = builder.build();
        this.handler = new AuditStreamHandler(config, client, Clock.fixed(NOW, ZoneOffset.UTC), lines::add);
    }

    static AuditRig withFreshAuditTable(MotoServer moto) {
        return new AuditRig(moto, moto.createTable("audit-" + UUID.randomUUID(), "PK", "SK", "ttl", false), null);
    }

    /** The audit table, sorted by key. */
    List<Map<String, AttributeValue>> auditItems() {
        try (DynamoDbClient plain = moto.dynamoDb()) {
            List<Map<String, AttributeValue>> items = new ArrayList<>(plain.scan(r -> r.tableName(auditTable)).items());
            items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("PK").s())
                    .thenComparing(i -> i.get("SK").s()));
            return items;
        }
    }

    List<JsonNode> logLines(String event) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = parse(line);
            if (node.has("event") && node.get("event").asText().equals(event)) {
                out.add(node);
            }
        }
        return out;
    }

    /** The EMF line of the last invocation. */
    JsonNode lastMetrics() {
        JsonNode last = null;
        for (String line : lines) {
            JsonNode node = parse(line);
            if (node.has("_aws")) {
                EmfValidator.assertValid(line);
                last = node;
            }
        }
        if (last == null) {
            throw new AssertionError("no EMF line in " + lines);
        }
        return last;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not one JSON object: " + line, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
