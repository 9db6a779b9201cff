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
import dev.tokengate.core.token.LogoutTokenValidator;
import dev.tokengate.revoke.api.RevokeApi;
import dev.tokengate.revoke.cache.ApiGatewayStageFlusher;
import dev.tokengate.revoke.cache.AuthorizerCacheFlush;
import dev.tokengate.revoke.cache.FlushLeases;
import dev.tokengate.revoke.cache.Pause;
import dev.tokengate.revoke.cache.StageFlusher;
import dev.tokengate.revoke.config.RevokeConfig;
import dev.tokengate.revoke.idp.BackchannelLogouts;
import dev.tokengate.revoke.idp.GlobalTokenRevocations;
import dev.tokengate.revoke.idp.LogoutReplays;
import dev.tokengate.revoke.idp.SessionRevocations;
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

    /**
     * The local runner's: as above, but flushes go to {@code flusher} (its own authorizer cache) instead of API
     * Gateway's control plane, with the same timing and coordination.
     */
    public RevokeApiHandler(Map<String, String> environment, StageFlusher flusher) {
        this(RevokeConfig.fromEnvironment(environment), flusher);
    }

    private RevokeApiHandler(RevokeConfig config, StageFlusher flusher) {
        this(config, DynamoDbClients.builder(config.region(), DYNAMODB_BUDGET, config.dynamoDbEndpoint()).build(),
                flusher, Clock.systemUTC(), LogSink.stdout());
    }

    private RevokeApiHandler(RevokeConfig config) {
        this(config,
                DynamoDbClients.builder(config.region(), DYNAMODB_BUDGET, config.dynamoDbEndpoint()).build(),
                config.flushesAuthorizerCache() ? ApiGatewayStageFlusher.forRegion(config.region()) : null,
                Clock.systemUTC(),
                LogSink.stdout());
        LogSink.stdout().write(JsonLine.info("revoke.init").with("version", Version.current()));
    }

    /** For tests: their own DynamoDB client (moto), stage flusher, clock and log sink; flushes wait in real time. */
    RevokeApiHandler(RevokeConfig config, DynamoDbClient dynamo, StageFlusher flusher, Clock clock, LogSink log) {
        this(config, dynamo, flusher, clock, Pause.sleeping(clock), log);
    }

    /** For tests: as above, with their own way of waiting for a flush's moment (a test clock moved by hand). */
    RevokeApiHandler(RevokeConfig config, DynamoDbClient dynamo, StageFlusher flusher, Clock clock, Pause pause,
                     LogSink log) {
        AuthorizerCacheFlush cacheFlush = config.flushesAuthorizerCache() && flusher != null
                ? new AuthorizerCacheFlush(config.cacheFlushTargets(), flusher,
                        new FlushLeases(dynamo, config.tokenTable()), clock, pause, log)
                : AuthorizerCacheFlush.disabled();
        RevocationPolicy policy = new RevocationPolicy(config.adminScope(), config.jwt());
        JwtValidator validator = JwtValidator.create(config.jwt());
        Revocations revocations = new Revocations(
                policy,
                new RevocationWriter(dynamo, config.tokenTable()),
                new TokenStateReader(dynamo, config.tokenTable()),
                validator,
                cacheFlush,
                clock,
                config.jwt());
        // logout tokens are verified with the same keys (and key cache) as the tokens presented for revocation
        BackchannelLogouts logouts = new BackchannelLogouts(LogoutTokenValidator.sharingKeysWith(validator),
                new LogoutReplays(dynamo, config.tokenTable()), new SessionRevocations(dynamo, config.tokenTable()),
                revocations, config.jwt(), clock);
        GlobalTokenRevocations globalRevocations = new GlobalTokenRevocations(policy, revocations, config.jwt());
        // The container decodes a body without a charset as ISO-8859-1 (and says so in Content-Type), which would
        // mangle any non-Latin reason or id. JSON is UTF-8 (RFC 8259). The setting is the library's process-wide
        // config, so it is set, idempotently, before the container is built.
        LambdaContainerHandler.getContainerConfig().setDefaultContentCharset(StandardCharsets.UTF_8.name());
        this.container = JerseyLambdaContainerHandler.getAwsProxyHandler(RevokeApi.resourceConfig(revocations,
                logouts, globalRevocations, log, new EmfWriter(config.metricNamespace()), clock));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        container.proxyStream(input, output, context);
    }
}
