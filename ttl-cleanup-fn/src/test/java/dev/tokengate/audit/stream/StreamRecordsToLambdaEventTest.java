package dev.tokengate.audit.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.tokengate.audit.LambdaRuntimeJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class StreamRecordsToLambdaEventTest {
    private static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2025-12-01T00:00:00.000";

    @Test
    void theRuntimeReadsBackEveryFieldOfARecord() {
        Record record = Record.builder()
                .eventID("e1").eventName(OperationType.MODIFY).eventVersion("1.1").eventSource("aws:dynamodb")
                .awsRegion("us-east-1")
                .dynamodb(StreamRecord.builder()
                        .approximateCreationDateTime(Instant.parse("2025-12-01T10:00:00.250Z"))
                        .keys(Map.of("PK", s("USER#a\"b"), "SK", s("TOKEN#j")))
                        .oldImage(Map.of("revoked", b(false)))
                        .newImage(Map.of(
                                "revoked", b(true),
                                "exp", n("1764550800"),
                                "blob", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(
                                        SdkBytes.fromUtf8String("bytes")),
                                "tags", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.of("x", "y")),
                                "nums", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs(List.of("1", "2.5")),
                                "nested", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(
                                        Map.of("inner", s("line\nbreak"))),
                                "list", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(
                                        List.of(n("7"), b(true))),
                                "none", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true)))
                        .sequenceNumber("12345678901234567890")
                        .sizeBytes(321L)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .build())
                .build();

        DynamodbEvent event = LambdaRuntimeJson.event(StreamRecordsToLambdaEvent.toJson(List.of(record), ARN));

        assertThat(event.getRecords()).hasSize(1);
        DynamodbStreamRecord read = event.getRecords().get(0);
        assertThat(read.getEventID()).isEqualTo("e1");
        assertThat(read.getEventName()).isEqualTo("MODIFY");
        assertThat(read.getEventVersion()).isEqualTo("1.1");
        assertThat(read.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(read.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(read.getEventSourceARN()).isEqualTo(ARN);
        assertThat(read.getUserIdentity()).isNull();
        var body = read.getDynamodb();
        assertThat(body.getApproximateCreationDateTime().toInstant()).isEqualTo(Instant.parse("2025-12-01T10:00:00.250Z"));
        assertThat(body.getSequenceNumber()).isEqualTo("12345678901234567890");
        assertThat(body.getSizeBytes()).isEqualTo(321L);
        assertThat(body.getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(body.getKeys().get("PK").getS()).isEqualTo("USER#a\"b");
        assertThat(body.getOldImage().get("revoked").getBOOL()).isFalse();
        Map<String, AttributeValue> image = body.getNewImage();
        assertThat(image.get("revoked").getBOOL()).isTrue();
        assertThat(image.get("exp").getN()).isEqualTo("1764550800");
        assertThat(image.get("blob").getB()).isEqualTo(ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)));
        assertThat(image.get("tags").getSS()).containsExactly("x", "y");
        assertThat(image.get("nums").getNS()).containsExactly("1", "2.5");
        assertThat(image.get("nested").getM().get("inner").getS()).isEqualTo("line\nbreak");
        assertThat(image.get("list").getL()).extracting(AttributeValue::getN).containsExactly("7", null);
        assertThat(image.get("none").getNULL()).isTrue();
    }

    @Test
    void ttlIdentityAndMissingImagesTravelAsLambdaSendsThem() {
        Record record = Record.builder()
                .eventID("e2").eventName(OperationType.REMOVE)
                .userIdentity(Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build())
                .dynamodb(StreamRecord.builder()
                        .approximateCreationDateTime(Instant.ofEpochSecond(1764547200))
                        .keys(Map.of("PK", s("USER#a"), "SK", s("TOKEN#j")))
                        .sequenceNumber("2")
                        .build())
                .build();

        String json = StreamRecordsToLambdaEvent.toJson(List.of(record), ARN);
        DynamodbStreamRecord read = LambdaRuntimeJson.event(json).getRecords().get(0);

        assertThat(json).contains("\"ApproximateCreationDateTime\":1764547200,").doesNotContain("NewImage", "OldImage");
        assertThat(read.getUserIdentity().getType()).isEqualTo("Service");
        assertThat(read.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(read.getDynamodb().getNewImage()).isNull();
        assertThat(read.getDynamodb().getOldImage()).isNull();
    }

    @Test
    void recordsKeepTheirOrder() {
        List<Record> records = List.of(
                Record.builder().eventID("a").dynamodb(StreamRecord.builder().sequenceNumber("1").build()).build(),
                Record.builder().eventID("b").dynamodb(StreamRecord.builder().sequenceNumber("2").build()).build());

        DynamodbEvent event = LambdaRuntimeJson.event(StreamRecordsToLambdaEvent.toJson(records, ARN));

        assertThat(event.getRecords()).extracting(DynamodbStreamRecord::getEventID).containsExactly("a", "b");
        assertThat(LambdaRuntimeJson.event(StreamRecordsToLambdaEvent.toJson(List.of(), ARN)).getRecords()).isEmpty();
    }

    @Test
    void epochSecondsKeepMillisecondsOnlyWhenThereAreAny() {
        assertThat(StreamRecordsToLambdaEvent.epochSeconds(Instant.ofEpochSecond(1764547200))).isEqualTo("1764547200");
        assertThat(StreamRecordsToLambdaEvent.epochSeconds(Instant.parse("2025-12-01T00:00:00.500Z")))
                .isEqualTo("1764547200.5");
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue s(String value) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value);
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue n(String value) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(value);
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue b(boolean value) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(value);
    }
}
