package dev.tokengate.core.dynamodb;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The one way functions build their DynamoDB client: built once at init, one lightweight HTTP client
 * (url-connection: no Apache or Netty on the classpath), region and credentials from the Lambda environment
 * (no slow provider chains), explicit timeouts and a bounded retry policy so a slow table fails closed well inside
 * the function's timeout. A local engine is reached only through the SDK's own {@code AWS_ENDPOINT_URL_DYNAMODB}.
 */
public final class DynamoDbClients {
    private DynamoDbClients() {
    }

    /**
     * Time budget of one DynamoDB call.
     *
     * @param apiCallTimeout the whole call, retries included
     * @param attemptTimeout one HTTP attempt
     * @param maxAttempts attempts in total (1 = no retry)
     * @param connectTimeout TCP connect
     */
    public record Budget(Duration apiCallTimeout, Duration attemptTimeout, int maxAttempts, Duration connectTimeout) {
        public Budget {
            Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
            Objects.requireNonNull(attemptTimeout, "attemptTimeout");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 10");
            }
            if (attemptTimeout.compareTo(apiCallTimeout) > 0) {
                throw new IllegalArgumentException("attemptTimeout must not exceed apiCallTimeout");
            }
        }
    }

    /** A builder configured for Lambda; callers may still set an endpoint and credentials (tests only) and build. */
    public static DynamoDbClientBuilder builder(Region region, Budget budget) {
        return DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(budget.connectTimeout())
                        .socketTimeout(budget.attemptTimeout()))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(budget.apiCallTimeout())
                        .apiCallAttemptTimeout(budget.attemptTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(budget.maxAttempts())
                                .build()));
    }
}
