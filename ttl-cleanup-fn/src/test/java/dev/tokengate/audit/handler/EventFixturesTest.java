package dev.tokengate.audit.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.tokengate.audit.LambdaRuntimeJson;
import dev.tokengate.audit.classify.AuditEntry;
import dev.tokengate.audit.classify.AuditKind;
import dev.tokengate.audit.classify.Classification;
import dev.tokengate.audit.classify.RecordClassifier;
import dev.tokengate.audit.classify.Skip;
import dev.tokengate.audit.classify.StreamChange;
import dev.tokengate.audit.classify.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample events, read through the Lambda runtime's serializer, mean what their names say. */
class EventFixturesTest {
    private final RecordClassifier classifier = new RecordClassifier();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "token-revoked.json, REVOKED",
            "token-revoked-insert.json, REVOKED",
            "family-revoked.json, FAMILY_REVOKED",
            "user-revoked-all.json, USER_REVOKED_ALL",
            "user-revoked-all-moved.json, USER_REVOKED_ALL",
            "idp-user-revoked-all.json, IDP_USER_REVOKED_ALL",
            "idp-session-revoked.json, IDP_SESSION_REVOKED",
            "ttl-expired.json, EXPIRED",
            "deleted.json, DELETED",
            "token-registered.json, REGISTERED",
            "revocation-weakened.json, REVOCATION_WEAKENED",
            "malformed.json, MALFORMED",
            "malformed-no-keys.json, MALFORMED",
    })
    void eachSampleEventIsClassifiedAsItsKind(String file, AuditKind kind) {
        Classification result = classifyOnly(file);

        assertThat(result).isInstanceOf(AuditEntry.class);
        assertThat(((AuditEntry) result).kind()).isEqualTo(kind);
    }

    @Test
    void unchangedSampleIsSkipped() {
        assertThat(classifyOnly("skipped-unchanged.json")).isInstanceOf(Skip.class);
    }

    @Test
    void aReplayRecordIsSkipped() {
        assertThat(classifyOnly("replay-record.json")).isEqualTo(new Skip(Skip.Reason.REPLAY_RECORD,
                "2b3c4d5e6f708192a3b4c5d6e7f8091a", null));
    }

    @Test
    void everyKindHasASampleEvent() throws IOException {
        try (Stream<Path> files = Files.list(LambdaRuntimeJson.EVENTS)) {
            List<AuditKind> covered = files
                    .map(path -> path.getFileName().toString())
                    .flatMap(name -> LambdaRuntimeJson.eventFile(name).getRecords().stream())
                    .map(record -> classifier.classify(StreamChanges.from(record)))
                    .filter(AuditEntry.class::isInstance)
                    .map(entry -> ((AuditEntry) entry).kind())
                    .distinct()
                    .toList();
            assertThat(covered).containsExactlyInAnyOrder(AuditKind.values());
        }
    }

    @Test
    void ttlSampleCarriesTheServiceIdentityThroughTheRuntimeSerializer() {
        DynamodbStreamRecord record = single("ttl-expired.json");

        assertThat(record.getUserIdentity().getType()).isEqualTo("Service");
        assertThat(record.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(record.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(record.getEventSourceARN()).contains(":table/").contains("/stream/");
    }

    @Test
    void conversionKeepsTheRecordsIdentityTimeAndTypedAttributes() {
        StreamChange change = StreamChanges.from(single("token-revoked.json"));

        assertThat(change.eventId()).isEqualTo("c81e728d9d4c2f636f067f89cc14862c");
        assertThat(change.eventName()).isEqualTo("MODIFY");
        assertThat(change.sequenceNumber()).isEqualTo("400000000000000000001");
        assertThat(change.changedAt()).isEqualTo(Instant.ofEpochSecond(1764547200));
        assertThat(change.newImage().get("revoked")).isEqualTo(new Value.Bool(true));
        assertThat(change.newImage().get("exp")).isEqualTo(new Value.Num("1764550800"));
        assertThat(change.oldImage().get("revoked")).isEqualTo(new Value.Bool(false));
        assertThat(change.keys().get("SK")).isEqualTo(new Value.Str("TOKEN#3f9a2c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"));
        assertThat(change.identity()).isNull();
    }

    @Test
    void attributeWithTwoTypesOrNoneIsUnreadable() {
        DynamodbEvent event = LambdaRuntimeJson.event("""
                {"Records":[{"eventID":"e","eventName":"INSERT","dynamodb":{"SequenceNumber":"1",
                  "Keys":{"PK":{"S":"USER#a","N":"1"},"SK":{}},
                  "NewImage":{"tags":{"SS":["a"]},"nested":{"M":{"x":{"S":"y"}}},"nothing":{"NULL":true}}}}]}
                """);

        StreamChange change = StreamChanges.from(event.getRecords().get(0));

        assertThat(change.keys().get("PK")).isEqualTo(new Value.Unreadable());
        assertThat(change.keys().get("SK")).isEqualTo(new Value.Unreadable());
        assertThat(change.newImage().get("tags")).isEqualTo(new Value.Other("SS"));
        assertThat(change.newImage().get("nested")).isEqualTo(new Value.Other("M"));
        assertThat(change.newImage().get("nothing")).isEqualTo(new Value.Other("NULL"));
        assertThat(change.changedAt()).isNull();
    }

    @Test
    void recordWithoutStreamBodyConvertsToAnEmptyChange() {
        DynamodbEvent event = LambdaRuntimeJson.event("{\"Records\":[{\"eventID\":\"e\",\"eventName\":\"REMOVE\"}]}");

        StreamChange change = StreamChanges.from(event.getRecords().get(0));

        assertThat(change.keys()).isNull();
        assertThat(change.sequenceNumber()).isNull();
        assertThat(classifier.classify(change)).isInstanceOf(AuditEntry.class)
                .extracting(c -> ((AuditEntry) c).kind()).isEqualTo(AuditKind.MALFORMED);
    }

    private Classification classifyOnly(String file) {
        return classifier.classify(StreamChanges.from(single(file)));
    }

    private static DynamodbStreamRecord single(String file) {
        List<DynamodbStreamRecord> records = LambdaRuntimeJson.eventFile(file).getRecords();
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
