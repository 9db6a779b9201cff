package dev.tokengate.core.dynamodb;

import dev.tokengate.core.config.AwsNames;
import dev.tokengate.core.config.Settings;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Run in a child JVM by {@link DynamoDbClientsCredentialsIT} with the environment a SnapStart version has: builds
 * the production client from that environment and makes one call. {@code pinned} pins the environment-variable
 * provider as the code once did, to show the test notices it.
 */
public final class ContainerCredentialsProbe {
    private ContainerCredentialsProbe() {
    }

    public static void main(String[] args) {
        Settings settings = Settings.of(System.getenv());
        DynamoDbClients.Budget budget = new DynamoDbClients.Budget(Duration.ofSeconds(5), Duration.ofSeconds(2), 1,
                Duration.ofSeconds(1));
        DynamoDbClientBuilder builder = DynamoDbClients.builder(AwsNames.region(settings), budget,
                AwsNames.endpoint(settings));
        if (args.length > 0 && args[0].equals("pinned")) {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        try (DynamoDbClient client = builder.build()) {
            client.describeLimits();
            System.out.println("CALL OK");
        } catch (RuntimeException e) {
            System.out.println("CALL FAILED " + e.getClass().getSimpleName());
        }
    }
}
