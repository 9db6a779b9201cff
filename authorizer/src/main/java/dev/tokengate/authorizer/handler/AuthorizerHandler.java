package dev.tokengate.authorizer.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.tokengate.authorizer.binding.DpopProofVerifier;
import dev.tokengate.authorizer.binding.SenderConstraint;
import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.crypto.NativeCrypto;
import dev.tokengate.authorizer.decision.Decider;
import dev.tokengate.authorizer.decision.Decision;
import dev.tokengate.authorizer.decision.FreshAllow;
import dev.tokengate.authorizer.metrics.DecisionMeters;
import dev.tokengate.authorizer.metrics.DecisionMetrics;
import dev.tokengate.authorizer.replay.ReplayGuard;
import dev.tokengate.authorizer.replay.ReplayStatus;
import dev.tokengate.authorizer.replay.ReplayWriter;
import dev.tokengate.authorizer.revocation.HotTokenShield;
import dev.tokengate.authorizer.revocation.NotRevokedCache;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationLookup;
import dev.tokengate.authorizer.revocation.StoreMetrics;
import dev.tokengate.core.Version;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import dev.tokengate.core.metrics.EmfWriter;
import dev.tokengate.core.token.Confirmation;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.crac.Core;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda entry point for every API Gateway shape (REST TOKEN, REST REQUEST, HTTP API 2.0). It only adapts: reads
 * the event, hands the token and route to the {@link Decider}, answers in the event's protocol ({@link Answers}) and
 * writes one JSON log line per decision. It never logs the token.
 *
 * <p>The runtime deserializes the event into a {@code Map} with its own serializer; clients (DynamoDB, JWKS source)
 * are built once here at init, and no time, randomness or request state is captured at init (SnapStart-safe).
 */
public final class AuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Metric dimension value when the runtime gives no function name (local runs, tests). */
    static final String DEFAULT_FUNCTION_NAME = "AuthorizerFunction";

    private final JwtValidator validator;
    private final Decider decider;
    private final Answers answers;
    private final TargetUrls targetUrls;
    private final Clock clock;
    private final LogSink log;
    private final int maxTokenChars;
    private final DecisionMeters meters;
    private final EmfWriter metrics;
    /** Held here because the CRaC context keeps only a weak reference to its resources. */
    private SnapStartPriming priming;

    /** Lambda's constructor: configuration from the environment, the production DynamoDB client, UTC clock, stdout. */
    public AuthorizerHandler() {
        this(AuthorizerConfig.fromSystemEnvironment());
    }

    /**
     * Builds the function from an explicit environment, exactly as the no-arg constructor does from the process
     * environment. The local runner uses it; nothing else changes.
     */
    public AuthorizerHandler(Map<String, String> environment) {
        this(AuthorizerConfig.fromEnvironment(environment));
    }

    private AuthorizerHandler(AuthorizerConfig config) {
        this(config, DynamoDbClients.builder(config.region(), config.storeBudget(), config.dynamoDbEndpoint()).build());
    }

    private AuthorizerHandler(AuthorizerConfig config, DynamoDbClient dynamoDb) {
        this(config, dynamoDb, new ReplayWriter(dynamoDb, config.tokenTable()));
    }

    private AuthorizerHandler(AuthorizerConfig config, DynamoDbClient dynamoDb, ReplayWriter replay) {
        this(config, dynamoDb, replay, new StoreMetrics(), Clock.systemUTC(), LogSink.stdout());
        // Before the first request: every signature check then runs in ACCP, or in the JDK if it cannot load.
        NativeCrypto.Active crypto = NativeCrypto.install();
        log.write(JsonLine.info("authorizer.crypto")
                .with("version", Version.current())
                .with("provider", crypto.provider())
                .with("detail", crypto.detail()));
        // Each route rule with the ARN form it is compared with: a rule written from a public URL (a custom-domain
        // base path, an HTTP API stage prefix) shows here as a path the API never sends.
        log.write(JsonLine.info("authorizer.routes")
                .with("count", config.routeScopes().rules().size())
                .withRaw("rules", config.routeScopes().describeJson()));
        // A plain lookup, not the production cache: the priming token never enters the handler's own state.
        priming = new SnapStartPriming(config, new RevocationLookup(dynamoDb, config.tokenTable(),
                config.consistentRead(), config.revocationMode()), replay, log);
        Core.getGlobalContext().register(priming);
    }

    /** Tests: a real DynamoDB client pointed at a local engine, for the revocation state and the replay store. */
    AuthorizerHandler(AuthorizerConfig config, DynamoDbClient dynamoDb, Clock clock, LogSink log) {
        this(config, dynamoDb, new ReplayWriter(dynamoDb, config.tokenTable()), new StoreMetrics(), clock, log);
    }

    private AuthorizerHandler(AuthorizerConfig config, DynamoDbClient dynamoDb, ReplayGuard replay, StoreMetrics store,
                              Clock clock, LogSink log) {
        this(config, revocationFor(config, dynamoDb, store), replay, store, clock, log);
    }

    /**
     * Tests: any revocation check (the pure tiers use an in-memory one) and no replay store, so a DPoP-bound token
     * is never allowed (its proof cannot be recorded: the store's usual failure).
     */
    AuthorizerHandler(AuthorizerConfig config, RevocationCheck revocation, Clock clock, LogSink log) {
        this(config, revocation, (use, now) -> () -> ReplayStatus.unavailable("no replay store"), clock, log);
    }

    /** Tests and benchmarks: any revocation check and replay store. */
    AuthorizerHandler(AuthorizerConfig config, RevocationCheck revocation, ReplayGuard replay, Clock clock,
                      LogSink log) {
        this(config, revocation, replay, new StoreMetrics(), clock, log);
    }

    private AuthorizerHandler(AuthorizerConfig config, RevocationCheck revocation, ReplayGuard replay,
                              StoreMetrics store, Clock clock, LogSink log) {
        Objects.requireNonNull(config, "config");
        // This handler's own verified-token cache: SnapStart priming builds another handler, so nothing it verifies
        // is in this one's memory when the snapshot is taken.
        this.validator = JwtValidator.create(config.jwt(), config.verifiedTokenCache());
        this.decider = new Decider(validator, revocation, config.routeScopes(),
                new SenderConstraint(new DpopProofVerifier(), config.answersMayBeCached()), replay);
        this.answers = new Answers(config.httpApiResponse());
        this.targetUrls = new TargetUrls(config.publicBaseUrls());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.maxTokenChars = config.jwt().maxTokenBytes();
        this.meters = new DecisionMeters(validator::drainKeyFetches, store, !config.revocationCache().isZero());
        this.metrics = new EmfWriter(config.metricNamespace());
    }

    /** How many verified tokens this handler's validator remembers now. */
    int cachedTokens() {
        return validator.cachedTokens();
    }

    static RevocationCheck revocationFor(AuthorizerConfig config, DynamoDbClient dynamoDb, StoreMetrics store) {
        RevocationCheck lookup = new RevocationLookup(dynamoDb, config.tokenTable(), config.consistentRead(),
                config.revocationMode(), store.roundTrips());
        return HotTokenShield.around(config.revocationCache().isZero() ? lookup
                : new NotRevokedCache(lookup, config.revocationCache(), store.cacheHits()), config.hotTokenThreshold(),
                store.hotTokenHolds());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Invocation invocation = invoke(event, context);
        if (invocation.failure() != null) {
            throw invocation.failure();
        }
        return invocation.answer();
    }

    /**
     * One request's decision and its answer in the event's protocol; where the protocol answers with an error (a REST
     * 401, any 500), {@code failure} is what to throw. SnapStart priming reads the decision from here.
     */
    record Invocation(Optional<Decision> decision, Map<String, Object> answer, RuntimeException failure) {
    }

    Invocation invoke(Map<String, Object> event, Context context) {
        long started = System.nanoTime();
        EventShape shape = EventShape.UNKNOWN;
        Decision decision;
        AuthorizerRequest request;
        try {
            shape = EventShape.detect(event);
            request = EventReader.read(shape, event, maxTokenChars, targetUrls);
            decision = FreshAllow.atAnswer(decide(request), clock.instant());
        } catch (RuntimeException bug) {
            // Nothing above should throw; if something does, fail closed with an uncacheable error.
            logError(shape, bug, started, context);
            return new Invocation(Optional.empty(), null, Answers.unavailable());
        }
        logDecision(shape, decision, started, context);
        try {
            return new Invocation(Optional.of(decision), answers.answer(shape, request.route(), decision), null);
        } catch (RuntimeException refusal) {
            return new Invocation(Optional.of(decision), null, refusal);
        }
    }

    private Decision decide(AuthorizerRequest request) {
        if (!request.token().isFound()) {
            return Decision.Deny.unauthorized(request.token().reason(), request.token().detail());
        }
        if (request.route().isEmpty()) {
            return Decision.Deny.unauthorized(DenyReason.UNKNOWN_EVENT_SHAPE,
                    request.shape() == EventShape.HTTP_API_V2 ? "routeArn missing or not an execute-api ARN"
                            : "methodArn missing or not an execute-api ARN");
        }
        return decider.decide(request.token().token(), request.evidence(), request.route().get(), clock);
    }

    private void logDecision(EventShape shape, Decision decision, long started, Context context) {
        JsonLine line;
        String reason = null;
        String detail = null;
        if (decision instanceof Decision.Deny deny) {
            line = JsonLine.info("authorizer.decision");
            reason = deny.reason().name();
            detail = deny.detail();
        } else if (decision instanceof Decision.Unavailable unavailable) {
            line = JsonLine.error("authorizer.decision");
            reason = unavailable.reason().name();
            detail = unavailable.detail();
        } else {
            line = JsonLine.info("authorizer.decision");
        }
        Optional<ValidatedToken> token = decision.token();
        double latency = elapsedMillis(started);
        line.with("outcome", decision.outcomeName())
                .with("reason", reason)
                .with("detail", detail)
                .with("issuerId", decision.issuerId().orElse(null))
                .with("sub", token.map(ValidatedToken::subject).orElse(null))
                .with("jti", token.map(ValidatedToken::tokenId).orElse(null))
                .with("binding", token.map(AuthorizerHandler::bindingOf).orElse(null))
                .with("shape", shape.name())
                .with("latencyMs", latency)
                .with("requestId", context == null ? null : context.getAwsRequestId());
        // The decision line is also the invocation's one EMF document: metrics cost no second line.
        log.write(metrics.appendTo(line, meters.of(decision, latency).emf(functionName(context)), clock.instant()));
    }

    /** What the token is bound to, for the log line: none, dpop, mtls (or both). */
    static String bindingOf(ValidatedToken token) {
        Confirmation cnf = token.confirmation();
        if (!cnf.isBound()) {
            return "none";
        }
        List<String> kinds = new ArrayList<>(2);
        cnf.jwkThumbprint().ifPresent(jkt -> kinds.add("dpop"));
        cnf.certificateThumbprint().ifPresent(x5t -> kinds.add("mtls"));
        return kinds.isEmpty() ? "unsupported" : String.join("+", kinds);
    }

    private void logError(EventShape shape, RuntimeException bug, long started, Context context) {
        double latency = elapsedMillis(started);
        JsonLine line = JsonLine.error("authorizer.decision")
                .with("outcome", DecisionMetrics.ERROR)
                .with("error", bug.getClass().getName())
                .with("shape", shape.name())
                .with("latencyMs", latency)
                .with("requestId", context == null ? null : context.getAwsRequestId());
        log.write(metrics.appendTo(line, meters.ofError(latency).emf(functionName(context)), clock.instant()));
    }

    private static String functionName(Context context) {
        return context != null && context.getFunctionName() != null && !context.getFunctionName().isBlank()
                ? context.getFunctionName() : DEFAULT_FUNCTION_NAME;
    }

    private static double elapsedMillis(long started) {
        return Math.round((System.nanoTime() - started) / 10_000.0) / 100.0;
    }
}
