package dev.tokengate.revoke.cache;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;

/**
 * Flushes stages through the API Gateway control plane: {@code FlushStageAuthorizersCache} for REST APIs and
 * {@code ResetAuthorizersCache} for HTTP APIs. Built only when targets are configured (no cost at init otherwise).
 * The control plane is rate limited (a few calls per second per account), which is one reason this is opt-in.
 */
public final class ApiGatewayStageFlusher implements StageFlusher, AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final ApiGatewayClient rest;
    private final ApiGatewayV2Client http;

    public ApiGatewayStageFlusher(ApiGatewayClient rest, ApiGatewayV2Client http) {
        this.rest = rest;
        this.http = http;
    }

    /** Clients for Lambda: region and credentials from the environment, url-connection HTTP, bounded time. */
    public static ApiGatewayStageFlusher forRegion(String region) {
        return new ApiGatewayStageFlusher(forLambda(ApiGatewayClient.builder(), region).build(),
                forLambda(ApiGatewayV2Client.builder(), region).build());
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B forLambda(B builder,
                                                                                             String region) {
        return builder.region(Region.of(region))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1)).socketTimeout(CALL_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
    }

    @Override
    public void flush(FlushTarget target) {
        switch (target.kind()) {
            case REST -> rest.flushStageAuthorizersCache(r -> r.restApiId(target.apiId()).stageName(target.stage()));
            case HTTP -> http.resetAuthorizersCache(r -> r.apiId(target.apiId()).stageName(target.stage()));
            default -> throw new IllegalStateException("unknown kind " + target.kind());
        }
    }

    @Override
    public void close() {
        rest.close();
        http.close();
    }
}
