package dev.tokengate.authorizer.revocation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The same revocation scenarios on LocalStack, for machines with Docker. Opt in with
 * {@code ./mvnw -pl authorizer verify -Dtokengate.localstack=true}; without the property, or without Docker, JUnit
 * reports the class skipped. moto stays the tier that always runs.
 */
@Tag("docker")
@EnabledIfSystemProperty(named = "tokengate.localstack", matches = "true",
        disabledReason = "LocalStack tier: run with -Dtokengate.localstack=true on a machine with Docker")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackRevocationIT extends RevocationScenarios {
    static final String IMAGE = "localstack/localstack:4.4";
    private static LocalStackContainer localstack;

    @BeforeAll
    static void startLocalStack() {
        // Started here, not in a field initializer: a disabled class never touches Docker.
        localstack = new LocalStackContainer(IMAGE).withServices("dynamodb");
        localstack.start();
    }

    @AfterAll
    static void stopLocalStack() {
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Override
    protected DynamoDbClient productionClient(ExecutionInterceptor... interceptors) {
        return StoreClients.production(Region.of(localstack.getRegion()), localstack.getEndpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(localstack.getAccessKey(),
                        localstack.getSecretKey())), interceptors);
    }
}
