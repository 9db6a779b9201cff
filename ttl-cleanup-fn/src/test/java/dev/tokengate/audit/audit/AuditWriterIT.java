package dev.tokengate.audit.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.audit.classify.AuditEntry;
import dev.tokengate.audit.classify.AuditKind;
import dev.tokengate.core.table.Principal;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

@ExtendWith(MotoExtension.class)
class AuditWriterIT {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant CHANGED = Instant.parse("2025-12-01T10:15:30Z");

    @Test
    void writesTheWholeItemUnderTheUsersTrail(MotoServer moto) {
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            String table = auditTable(moto);
            AuditWriter writer = writer(dynamoDb, table);

            assertThat(writer.write(revoked("evt-1"))).isEqualTo(AuditWriter.Outcome.WRITTEN);

            List<Map<String, AttributeValue>> items = dynamoDb.scan(r -> r.tableName(table)).items();
            assertThat(items).hasSize(1);
            Map<String, AttributeValue> item = items.get(0);
            assertThat(item.get("PK").s()).isEqualTo("USER#default#alice");
            assertThat(item.get("SK").s()).isEqualTo("2025-12-01T10:15:30.000Z#evt-1");
            assertThat(item.get("kind").s()).isEqualTo("REVOKED");
            assertThat(item.get("sub").s()).isEqualTo("alice");
            assertThat(item.get("jti").s()).isEqualTo("jti-1");
            assertThat(item.get("actor").s()).isEqualTo("admin-9");
            assertThat(item.get("reason").s()).isEqualTo("stolen");
            assertThat(item.get("changedAt").s()).isEqualTo("2025-12-01T10:15:30.000Z");
            assertThat(item.get("recordedAt").s()).isEqualTo("2026-01-01T00:00:00.000Z");
            assertThat(item.get("eventID").s()).isEqualTo("evt-1");
            assertThat(item.get("eventName").s()).isEqualTo("MODIFY");
            assertThat(item.get("sequenceNumber").s()).isEqualTo("100");
            assertThat(item.get("ttl").n()).isEqualTo(Long.toString(NOW.plus(Duration.ofDays(400)).getEpochSecond()));
            assertThat(item).doesNotContainKeys("originJti", "detail", "revokedBefore");
        }
    }

    @Test
    void writingTheSameRecordAgainChangesNothing(MotoServer moto) {
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            String table = auditTable(moto);
            writer(dynamoDb, table).write(revoked("evt-1"));
            Map<String, AttributeValue> first = dynamoDb.scan(r -> r.tableName(table)).items().get(0);

            // a later delivery, hours later: must not refresh recordedAt or ttl
            AuditWriter later = new AuditWriter(dynamoDb, table, Duration.ofDays(400),
                    Clock.fixed(NOW.plusSeconds(7200), ZoneOffset.UTC));
            assertThat(later.write(revoked("evt-1"))).isEqualTo(AuditWriter.Outcome.ALREADY_WRITTEN);

            assertThat(dynamoDb.scan(r -> r.tableName(table)).items()).containsExactly(first);
        }
    }

    @Test
    void differentRecordsOfTheSameItemAtTheSameTimeAreKeptApart(MotoServer moto) {
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            String table = auditTable(moto);
            AuditWriter writer = writer(dynamoDb, table);

            writer.write(revoked("evt-1"));
            writer.write(revoked("evt-2"));

            assertThat(dynamoDb.scan(r -> r.tableName(table)).items()).hasSize(2);
        }
    }

    @Test
    void malformedRecordWithoutUserOrTimeGoesToTheUnknownPartition(MotoServer moto) {
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            String table = auditTable(moto);
            AuditEntry entry = new AuditEntry(AuditKind.MALFORMED, "evt-9", null, null, null, null, "unknown", null, null,
                    null, "7", null, "PK or SK is missing or not a string");

            writer(dynamoDb, table).write(entry);

            Map<String, AttributeValue> item = dynamoDb.scan(r -> r.tableName(table)).items().get(0);
            assertThat(item.get("PK").s()).isEqualTo("UNKNOWN");
            assertThat(item.get("SK").s()).isEqualTo("NO_TIME#evt-9");
            assertThat(item.get("detail").s()).isEqualTo("PK or SK is missing or not a string");
            assertThat(item).doesNotContainKeys("sub", "changedAt", "eventName");
        }
    }

    @Test
    void aFailedWriteIsThrownNotSwallowed(MotoServer moto) {
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            AuditWriter writer = writer(dynamoDb, "missing-" + UUID.randomUUID());

            assertThatThrownBy(() -> writer.write(revoked("evt-1"))).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    private static AuditWriter writer(DynamoDbClient dynamoDb, String table) {
        return new AuditWriter(dynamoDb, table, Duration.ofDays(400), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static AuditEntry revoked(String eventId) {
        return new AuditEntry(AuditKind.REVOKED, eventId, new Principal("default", "alice"), null, "jti-1", null, "admin-9", "stolen", CHANGED,
                "MODIFY", "100", null, null);
    }

    private static String auditTable(MotoServer moto) {
        return moto.createTable("audit-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
    }
}
