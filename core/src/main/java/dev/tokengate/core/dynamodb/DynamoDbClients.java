package dev.tokengate.core.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The one way functions build their DynamoDB client: built once at init, one lightweight HTTP client
 * (url-connection: no Apache or Netty on the classpath), explicit timeouts and a bounded retry policy so a slow
 * table fails closed well inside the function's timeout.
 *
 * <p>Credentials come from the SDK's default chain, never a pinned provider: a SnapStart version has no credential
 * variables at all, only the container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}), while
 * an on-demand function, {@code sam local} and the tests have the environment variables. A local engine is named by
 * tokengate's own {@code DYNAMODB_ENDPOINT} ({@link dev.tokengate.core.config.AwsNames}), passed in explicitly.
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

    /** A builder configured for Lambda, against AWS's own endpoint; tests may still set one and build. */
    public static DynamoDbClientBuilder builder(Region region, Budget budget) {
        return builder(region, budget, Optional.empty());
    }

    /** A builder configured for Lambda; {@code endpoint} names a local engine, empty means AWS's own endpoint. */
    public static DynamoDbClientBuilder builder(Region region, Budget budget, Optional<URI> endpoint) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(region)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(budget.connectTimeout())
                        .socketTimeout(budget.attemptTimeout()))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(budget.apiCallTimeout())
                        .apiCallAttemptTimeout(budget.attemptTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(budget.maxAttempts())
                                .build()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
