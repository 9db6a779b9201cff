package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.dynamodb.DynamoDbClients;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The authorizer's production client shape (core's factory: url-connection, explicit timeouts, bounded retries)
 * pointed at a local engine. The budget is wider than production's 1000/400 ms: moto is a Python process on a
 * machine shared with other builds, and these tests check behaviour, not speed.
 */
public final class StoreClients {
    public static final DynamoDbClients.Budget TEST_BUDGET = new DynamoDbClients.Budget(Duration.ofSeconds(10),
            Duration.ofSeconds(5), 2, Duration.ofSeconds(2));

    private StoreClients() {
    }

    public static DynamoDbClient production(Region region, URI endpoint, AwsCredentialsProvider credentials,
                                            ExecutionInterceptor... interceptors) {
        DynamoDbClientBuilder builder = DynamoDbClients.builder(region, TEST_BUDGET)
                .endpointOverride(endpoint)
                .credentialsProvider(credentials);
        // Keep core's timeouts and retry policy: add the interceptors to its override configuration, not replace it.
        var config = builder.overrideConfiguration().toBuilder();
        for (ExecutionInterceptor interceptor : interceptors) {
            config.addExecutionInterceptor(interceptor);
        }
        return builder.overrideConfiguration(config.build()).build();
    }

    /** The token table's key schema (PK/SK strings), on demand. */
    public static void createTokenTable(DynamoDbClient client, String name) {
        client.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("PK").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("SK").attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("SK").keyType(KeyType.RANGE).build()));
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
    }
}
