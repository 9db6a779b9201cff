package dev.tokengate.audit.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.audit.LambdaRuntimeJson;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The handler driven by the sample events in {@code events/ttl-cleanup-fn}, read as the Lambda runtime reads them. */
@ExtendWith(MotoExtension.class)
class AuditStreamHandlerIT {
    private static final String ALICE = "USER#default#alice-7f3c";
    private static final String JTI = "3f9a2c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "token-revoked.json, REVOKED, USER#default#alice-7f3c, 2025-12-01T00:00:00.000Z#c81e728d9d4c2f636f067f89cc14862c, alice-7f3c, INFO",
            "token-revoked-insert.json, REVOKED, USER#default#alice-7f3c, 2025-12-01T00:00:00.000Z#eccbc87e4b5ce2fe28308fd9f2a7baf3, admin-01, INFO",
            "family-revoked.json, FAMILY_REVOKED, USER#default#alice-7f3c, 2025-12-01T00:00:00.000Z#a87ff679a2f3e71d9181a67b7542122c, alice-7f3c, INFO",
            "user-revoked-all.json, USER_REVOKED_ALL, USER#default#alice-7f3c, 2025-12-01T00:00:00.000Z#e4da3b7fbbce2345d7772b0674a318d5, admin-01, INFO",
            "user-revoked-all-moved.json, USER_REVOKED_ALL, USER#default#alice-7f3c, 2025-12-01T02:00:00.000Z#1679091c5a880faf6fb5e6087eb1b2dc, alice-7f3c, INFO",
            "ttl-expired.json, EXPIRED, USER#default#alice-7f3c, 2025-12-02T01:01:00.000Z#8f14e45fceea167a5a36dedd4bea2543, dynamodb.amazonaws.com, INFO",
            "deleted.json, DELETED, USER#default#alice-7f3c, 2025-12-01T00:05:00.000Z#c9f0f895fb98ab9159f51fd0297e236d, unknown, WARN",
            "token-registered.json, REGISTERED, USER#default#bob-21aa, 2025-12-01T00:00:00.000Z#45c48cce2e2d7fbdea1afc51c7c6ad26, unknown, INFO",
            "revocation-weakened.json, REVOCATION_WEAKENED, USER#default#alice-7f3c, 2025-12-01T00:10:00.000Z#c51ce410c124a10e0db5e4b97fc2af39, unknown, WARN",
            "malformed.json, MALFORMED, USER#default#bob-21aa, 2025-12-01T00:02:00.000Z#6512bd43d9caa6e02c990b0a82652dca, admin-01, WARN",
            "malformed-no-keys.json, MALFORMED, UNKNOWN, 2025-12-01T00:03:00.000Z#c20ad4d76fe97759aa27a0c99bff6710, unknown, WARN",
    })
    void eachSampleEventLeavesOneAuditItemOfItsKind(String file, String kind, String pk, String sk, String actor,
                                                   String level, MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            DynamodbEvent event = LambdaRuntimeJson.eventFile(file);

            StreamsEventResponse response = rig.handler.handleRequest(event, null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            List<Map<String, AttributeValue>> items = rig.auditItems();
            assertThat(items).hasSize(1);
            Map<String, AttributeValue> item = items.get(0);
            assertThat(item.get("kind").s()).isEqualTo(kind);
            assertThat(item.get("PK").s()).isEqualTo(pk);
            assertThat(item.get("SK").s()).isEqualTo(sk);
            assertThat(item.get("actor").s()).isEqualTo(actor);
            assertThat(item.get("eventID").s()).isEqualTo(event.getRecords().get(0).getEventID());
            assertThat(item.get("sequenceNumber").s()).isEqualTo(event.getRecords().get(0).getDynamodb().getSequenceNumber());
            assertThat(item.get("ttl").n())
                    .isEqualTo(Long.toString(AuditRig.NOW.plus(Duration.ofDays(400)).getEpochSecond()));

            List<JsonNode> logged = rig.logLines("audit.record");
            assertThat(logged).hasSize(1);
            assertThat(logged.get(0).get("level").asText()).isEqualTo(level);
            assertThat(logged.get(0).get("kind").asText()).isEqualTo(kind);
            assertThat(logged.get(0).get("eventID").asText()).isEqualTo(item.get("eventID").s());
            assertThat(rig.lastMetrics().get(kind).asLong()).isEqualTo(1);
        }
    }

    @Test
    void revocationItemCarriesTokenReasonAndChangeTime(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            rig.handler.handleRequest(LambdaRuntimeJson.eventFile("token-revoked.json"), null);

            Map<String, AttributeValue> item = rig.auditItems().get(0);
            assertThat(item.get("sub").s()).isEqualTo("alice-7f3c");
            assertThat(item.get("jti").s()).isEqualTo(JTI);
            assertThat(item.get("reason").s()).isEqualTo("logout");
            assertThat(item.get("changedAt").s()).isEqualTo("2025-12-01T00:00:00.000Z");
            assertThat(item.get("eventName").s()).isEqualTo("MODIFY");
        }
    }

    @Test
    void familyAndRevokeAllItemsCarryTheirIds(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            rig.handler.handleRequest(LambdaRuntimeJson.eventFile("family-revoked.json"), null);
            rig.handler.handleRequest(LambdaRuntimeJson.eventFile("user-revoked-all-moved.json"), null);

            List<Map<String, AttributeValue>> items = rig.auditItems();
            assertThat(items).extracting(i -> i.get("kind").s()).containsExactly("FAMILY_REVOKED", "USER_REVOKED_ALL");
            assertThat(items.get(0).get("originJti").s()).isEqualTo("0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a0b");
            assertThat(items.get(1).get("revokedBefore").n()).isEqualTo("1764554400");
        }
    }

    @Test
    void replayedBatchWritesNothingTwice(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            DynamodbEvent batch = LambdaRuntimeJson.eventFile("batch.json");

            StreamsEventResponse first = rig.handler.handleRequest(batch, null);
            List<Map<String, AttributeValue>> afterFirst = rig.auditItems();
            StreamsEventResponse again = rig.handler.handleRequest(LambdaRuntimeJson.eventFile("batch.json"), null);

            assertThat(first.getBatchItemFailures()).isEmpty();
            assertThat(again.getBatchItemFailures()).isEmpty();
            assertThat(afterFirst).extracting(i -> i.get("kind").s())
                    .containsExactlyInAnyOrder("REGISTERED", "REVOKED", "USER_REVOKED_ALL", "EXPIRED");
            assertThat(rig.auditItems()).isEqualTo(afterFirst);
            JsonNode metrics = rig.lastMetrics();
            assertThat(metrics.get("Records").asLong()).isEqualTo(5);
            assertThat(metrics.get("Skipped").asLong()).isEqualTo(1);
            assertThat(metrics.get("AlreadyWritten").asLong()).isEqualTo(4);
            assertThat(metrics.get("Failures").asLong()).isZero();
        }
    }

    @Test
    void weakenedRevocationIsAuditedAndCountedInTheWeakenedMetric(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            rig.handler.handleRequest(LambdaRuntimeJson.eventFile("revocation-weakened.json"), null);

            Map<String, AttributeValue> item = rig.auditItems().get(0);
            assertThat(item.get("jti").s()).isEqualTo(JTI);
            assertThat(item.get("detail").s()).isEqualTo("revoked went from true to false");
            assertThat(rig.logLines("audit.skipped")).isEmpty();
            assertThat(rig.lastMetrics().get("RevocationWeakened").asLong()).isEqualTo(1);
            assertThat(rig.lastMetrics().get("Skipped").asLong()).isZero();
        }
    }

    @Test
    void revokedBeforeOutOfRangeIsAuditedAsMalformedInsteadOfFailingForever(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            DynamodbEvent event = LambdaRuntimeJson.event("""
                    {"Records":[{"eventID":"e-1e400","eventName":"INSERT","dynamodb":{"SequenceNumber":"7",
                      "ApproximateCreationDateTime":1764547200,
                      "Keys":{"PK":{"S":"USER#default#alice-7f3c"},"SK":{"S":"REVOKED_BEFORE"}},
                      "NewImage":{"PK":{"S":"USER#default#alice-7f3c"},"SK":{"S":"REVOKED_BEFORE"},
                                  "revokedBefore":{"N":"1e400"},"revokedBy":{"S":"admin-01"}}}}]}
                    """);

            StreamsEventResponse response = rig.handler.handleRequest(event, null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            Map<String, AttributeValue> item = rig.auditItems().get(0);
            assertThat(item.get("kind").s()).isEqualTo("MALFORMED");
            assertThat(item).doesNotContainKey("revokedBefore");
            assertThat(rig.lastMetrics().get("Failures").asLong()).isZero();
        }
    }

    @Test
    void unchangedRecordIsSkippedAndCounted(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            StreamsEventResponse response =
                    rig.handler.handleRequest(LambdaRuntimeJson.eventFile("skipped-unchanged.json"), null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(rig.auditItems()).isEmpty();
            assertThat(rig.logLines("audit.skipped")).singleElement()
                    .satisfies(line -> assertThat(line.get("skip").asText()).isEqualTo("UNCHANGED"));
            assertThat(rig.lastMetrics().get("Skipped").asLong()).isEqualTo(1);
        }
    }

    @Test
    void unwritableAuditNamesTheFirstRecordAndStops(MotoServer moto) {
        try (AuditRig rig = new AuditRig(moto, "missing-" + UUID.randomUUID(), null)) {
            DynamodbEvent batch = LambdaRuntimeJson.eventFile("batch.json");

            StreamsEventResponse response = rig.handler.handleRequest(batch, null);

            assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly(batch.getRecords().get(0).getDynamodb().getSequenceNumber());
            JsonNode failure = rig.logLines("audit.failed").get(0);
            assertThat(failure.get("level").asText()).isEqualTo("ERROR");
            assertThat(failure.get("error").asText()).isEqualTo("ResourceNotFoundException");
            assertThat(failure.get("eventID").asText()).isEqualTo(batch.getRecords().get(0).getEventID());
            assertThat(rig.logLines("audit.failed")).hasSize(1);
            assertThat(rig.lastMetrics().get("Records").asLong()).isEqualTo(1);
            assertThat(rig.lastMetrics().get("Failures").asLong()).isEqualTo(1);
            assertThat(String.join("\n", rig.lines)).doesNotContain("Exception:", "\tat ");
            assertThat(LambdaRuntimeJson.response(response)).isEqualTo(
                    "{\"batchItemFailures\":[{\"itemIdentifier\":\""
                            + batch.getRecords().get(0).getDynamodb().getSequenceNumber() + "\"}]}");
        }
    }

    @Test
    void unexpectedErrorOnARecordIsReportedNotThrown(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            DynamodbEvent event = LambdaRuntimeJson.eventFile("deleted.json");
            List<DynamodbEvent.DynamodbStreamRecord> records = new java.util.ArrayList<>(event.getRecords());
            records.add(null);
            event.setRecords(records);

            StreamsEventResponse response = rig.handler.handleRequest(event, null);

            // no sequence number to name: the empty identifier makes Lambda retry the whole batch, which is safe
            assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("");
            assertThat(rig.auditItems()).hasSize(1);
            assertThat(rig.logLines("audit.failed")).singleElement()
                    .satisfies(line -> assertThat(line.get("error").asText()).isEqualTo("NullPointerException"));
        }
    }

    @Test
    void successAnswersWithAnEmptyFailureList(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            StreamsEventResponse response = rig.handler.handleRequest(LambdaRuntimeJson.eventFile("deleted.json"), null);

            assertThat(LambdaRuntimeJson.response(response)).isEqualTo("{\"batchItemFailures\":[]}");
        }
    }

    @Test
    void emptyOrMissingBatchIsAnsweredWithoutFailures(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            assertThat(rig.handler.handleRequest(null, null).getBatchItemFailures()).isEmpty();
            assertThat(rig.handler.handleRequest(new DynamodbEvent(), null).getBatchItemFailures()).isEmpty();
            assertThat(rig.handler.handleRequest(LambdaRuntimeJson.event("{\"Records\":[]}"), null)
                    .getBatchItemFailures()).isEmpty();
            assertThat(rig.lastMetrics().get("Records").asLong()).isZero();
        }
    }

    @Test
    void logsCarryIdentifiersButNeverTheFreeTextReason(MotoServer moto) {
        try (AuditRig rig = AuditRig.withFreshAuditTable(moto)) {
            rig.handler.handleRequest(LambdaRuntimeJson.eventFile("token-revoked-insert.json"), null);
            rig.handler.handleRequest(LambdaRuntimeJson.eventFile("deleted.json"), null);

            String logs = String.join("\n", rig.lines);
            assertThat(logs).contains(ALICE.substring("USER#default#".length())).contains("9b1d0c4e-2a3f-4b5c-8d6e-7f8091a2b3c4");
            assertThat(logs).doesNotContain("stolen device");
            assertThat(rig.auditItems()).allSatisfy(item -> assertThat(item.get("reason").s()).isEqualTo("stolen device"));
        }
    }
}
