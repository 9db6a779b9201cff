package dev.tokengate.audit.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class PhantomInsertsTest {
    private static final Map<String, AttributeValue> KEY =
            Map.of("PK", AttributeValue.fromS("USER#a"), "SK", AttributeValue.fromS("TOKEN#j"));
    private static final Map<String, AttributeValue> FULL = Map.of(
            "PK", AttributeValue.fromS("USER#a"), "SK", AttributeValue.fromS("TOKEN#j"),
            "revoked", AttributeValue.fromBool(true));

    @Test
    void keyOnlyInsertFollowedByTheRealInsertOfTheSameKeyIsDropped() {
        Record phantom = insert("1", KEY, KEY);
        Record real = insert("2", KEY, FULL);

        assertThat(PhantomInserts.removeFrom(List.of(phantom, real))).containsExactly(real);
    }

    @Test
    void keyOnlyInsertStandingAloneIsKept() {
        Record alone = insert("1", KEY, KEY);
        Record other = insert("2", Map.of("PK", AttributeValue.fromS("USER#b"), "SK", AttributeValue.fromS("TOKEN#j")), FULL);

        assertThat(PhantomInserts.removeFrom(List.of(alone))).containsExactly(alone);
        assertThat(PhantomInserts.removeFrom(List.of(alone, other))).containsExactly(alone, other);
    }

    @Test
    void ordinaryRecordsPassUnchanged() {
        Record insert = insert("1", KEY, FULL);
        Record modify = Record.builder().eventID("2").eventName(OperationType.MODIFY)
                .dynamodb(StreamRecord.builder().keys(KEY).oldImage(KEY).newImage(FULL).sequenceNumber("2").build())
                .build();

        assertThat(PhantomInserts.removeFrom(List.of(insert, modify))).containsExactly(insert, modify);
    }

    private static Record insert(String id, Map<String, AttributeValue> keys, Map<String, AttributeValue> image) {
        return Record.builder().eventID(id).eventName(OperationType.INSERT)
                .dynamodb(StreamRecord.builder().keys(keys).newImage(image).sequenceNumber(id).build())
                .build();
    }
}
