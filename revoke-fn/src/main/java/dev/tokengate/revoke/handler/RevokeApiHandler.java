package dev.tokengate.revoke.handler;

import com.amazonaws.serverless.proxy.internal.LambdaContainerHandler;
import com.amazonaws.serverless.proxy.jersey.JerseyLambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyRequest;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tokengate.core.Version;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import dev.tokengate.core.metrics.EmfWriter;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.revoke.api.RevokeApi;
import dev.tokengate.revoke.cache.ApiGatewayStageFlusher;
import dev.tokengate.revoke.cache.AuthorizerCacheFlush;
import dev.tokengate.revoke.cache.StageFlusher;
import dev.tokengate.revoke.config.RevokeConfig;
import dev.tokengate.revoke.revocation.RevocationPolicy;
import dev.tokengate.revoke.revocation.RevocationWriter;
import dev.tokengate.revoke.revocation.Revocations;
import dev.tokengate.revoke.revocation.TokenStateReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point of the revocation API: API Gateway REST proxy events (payload 1.0) in, proxy responses out,
 * through aws-serverless-java-container's Jersey handler. Everything is built once here, at init (and so captured by
 * SnapStart); nothing time- or randomness-dependent is: the clock is read per request.
 */
public final class RevokeApiHandler implements RequestStreamHandler {
    /**
     * A write either lands well inside the function's timeout or is reported as failed (5xx): a few quick attempts,
     * then give up. Retrying a conditional revocation is safe: a retry of a write that did land answers with it.
     */
    static final DynamoDbClients.Budget DYNAMODB_BUDGET = new DynamoDbClients.Budget(
            Duration.ofSeconds(4), Duration.ofMillis(1500), 3, Duration.ofSeconds(1));

    private final JerseyLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> container;

    /** Lambda's constructor: configuration from the environment, real AWS clients, standard output for logs. */
    public RevokeApiHandler() {
        this(RevokeConfig.fromSystemEnvironment());
    }

    /**
     * Builds the function from an explicit environment, exactly as the no-arg constructor does from the process
     * environment. The local runner uses it; nothing else changes.
     */
    public RevokeApiHandler(Map<String, String> environment) {
        this(RevokeConfig.fromEnvironment(environment));
    }

    private RevokeApiHandler(RevokeConfig config) {
        this(config,
                DynamoDbClients.builder(config.region(), DYNAMODB_BUDGET, config.dynamoDbEndpoint()).build(),
                config.flushesAuthorizerCache() ? ApiGatewayStageFlusher.forRegion(config.region()) : null,
                Clock.systemUTC(),
                LogSink.stdout());
        LogSink.stdout().write(JsonLine.info("revoke.init").with("version", Version.current()));
    }

    /** For tests: their own DynamoDB client (moto), stage flusher, clock and log sink. */
    RevokeApiHandler(RevokeConfig config, DynamoDbClient dynamo, StageFlusher flusher, Clock clock, LogSink log) {
        AuthorizerCacheFlush cacheFlush = config.flushesAuthorizerCache() && flusher != null
                ? new AuthorizerCacheFlush(config.cacheFlushTargets(), flusher, log)
                : AuthorizerCacheFlush.disabled();
        Revocations revocations = new Revocations(
                new RevocationPolicy(config.adminScope(), config.jwt()),
                new RevocationWriter(dynamo, config.tokenTable()),
                new TokenStateReader(dynamo, config.tokenTable()),
                JwtValidator.create(config.jwt()),
                cacheFlush,
                clock,
                config.jwt());
        // The container decodes a body without a charset as ISO-8859-1 (and says so in Content-Type), which would
        // mangle any non-Latin reason or id. JSON is UTF-8 (RFC 8259). The setting is the library's process-wide
        // config, so it is set, idempotently, before the container is built.
        LambdaContainerHandler.getContainerConfig().setDefaultContentCharset(StandardCharsets.UTF_8.name());
        this.container = JerseyLambdaContainerHandler.getAwsProxyHandler(RevokeApi.resourceConfig(revocations, log,
                new EmfWriter(config.metricNamespace()), clock));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        container.proxyStream(input, output, context);
    }
}
