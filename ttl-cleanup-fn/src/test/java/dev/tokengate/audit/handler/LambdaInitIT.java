package dev.tokengate.audit.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tokengate.audit.LambdaRuntimeJson;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The handler as the Lambda runtime creates it: the public no-arg constructor, configuration and credentials from
 * the process environment (set for this module's integration tests in its pom), the endpoint from the SDK's own
 * override setting, as {@code AWS_ENDPOINT_URL_DYNAMODB} would give it locally.
 */
@ExtendWith(MotoExtension.class)
class LambdaInitIT {
    /** The system-property twin of {@code AWS_ENDPOINT_URL_DYNAMODB}, which a running JVM cannot set for itself. */
    private static final String ENDPOINT_PROPERTY = "aws.endpointUrlDynamoDb";

    @Test
    void noArgumentHandlerAuditsARecordWithTheConfiguredTableAndRetention(MotoServer moto) {
        String table = System.getenv("AUDIT_TABLE");
        assertThat(table).as("set by the failsafe configuration").isEqualTo("tokengate-audit-lambda-init");
        moto.createTable(table, "PK", "SK", "ttl", false);
        System.setProperty(ENDPOINT_PROPERTY, moto.endpoint().toString());
        try {
            AuditStreamHandler handler = new AuditStreamHandler();
            Instant before = Instant.now();

            StreamsEventResponse response = handler.handleRequest(LambdaRuntimeJson.eventFile("ttl-expired.json"), null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
                List<Map<String, AttributeValue>> items = dynamoDb.scan(r -> r.tableName(table)).items();
                assertThat(items).singleElement().satisfies(item -> {
                    assertThat(item.get("kind").s()).isEqualTo("EXPIRED");
                    long ttl = Long.parseLong(item.get("ttl").n());
                    assertThat(ttl).isBetween(before.plus(Duration.ofDays(30)).getEpochSecond() - 1,
                            Instant.now().plus(Duration.ofDays(30)).getEpochSecond() + 1);
                });
            }
        } finally {
            System.clearProperty(ENDPOINT_PROPERTY);
        }
    }
}
