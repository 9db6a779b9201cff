package dev.tokengate.core.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
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
    /**
     * First retry's back-off cap after a throttling answer ({@code ProvisionedThroughputExceededException},
     * {@code ThrottlingException}, {@code RequestLimitExceeded}, HTTP 429), doubled per retry up to
     * {@link #MAX_BACKOFF}. The SDK's standard strategy waits up to 1 s here, which alone would use up the
     * authorizer's whole 1 s budget and turn a throttled lookup into a timeout that an alarm cannot tell from an
     * outage. DynamoDB answers a throttled request in a few milliseconds, so a retry a few tens of milliseconds later
     * still fits the budget, and the jitter spreads the containers that were throttled together.
     */
    public static final Duration THROTTLED_BASE_DELAY = Duration.ofMillis(50);
    /** The same for any other retryable failure (5xx, a reset connection, an attempt timeout). */
    public static final Duration BASE_DELAY = Duration.ofMillis(25);
    /** No single back-off is longer, whatever the attempt. */
    public static final Duration MAX_BACKOFF = Duration.ofMillis(250);

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
                                .backoffStrategy(fullJitter(BASE_DELAY))
                                .throttlingBackoffStrategy(fullJitter(THROTTLED_BASE_DELAY))
                                .build()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * "Full jitter": a delay drawn uniformly from [0, min(MAX_BACKOFF, base * 2^(attempt-1))] ms. The draw is seeded
     * when it is made, from the monotonic clock: a random generator seeded at init would be copied into every
     * sandbox restored from one SnapStart snapshot, and they would all back off in step (the thundering herd the
     * jitter is there to break).
     *
     * @param attempt the attempt that just failed, from 1
     */
    public static Duration backoff(Duration base, int attempt) {
        long cap = Math.min(MAX_BACKOFF.toMillis(), base.toMillis() << Math.min(Math.max(attempt - 1, 0), 16));
        return Duration.ofMillis(new SplittableRandom(System.nanoTime()).nextLong(cap + 1));
    }

    private static BackoffStrategy fullJitter(Duration base) {
        return attempt -> backoff(base, attempt);
    }
}
