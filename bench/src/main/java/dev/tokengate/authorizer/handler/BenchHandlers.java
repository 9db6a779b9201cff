package dev.tokengate.authorizer.handler;

import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.replay.ReplayGuard;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.core.log.LogSink;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The benchmarks' door to the handler's package-private constructors (same package, bench jar only; the authorizer
 * module itself stays unchanged). Both build exactly what the no-arg constructor builds, apart from the store.
 */
public final class BenchHandlers {
    private BenchHandlers() {
    }

    /** Validation, revocation answer from memory, policy and response object: the decision without the network. */
    public static AuthorizerHandler withRevocation(Map<String, String> env, RevocationCheck revocation, Clock clock,
                                                   LogSink log) {
        return new AuthorizerHandler(AuthorizerConfig.fromEnvironment(env), revocation, clock, log);
    }

    /**
     * The same with a replay store of the benchmark's choosing (a DPoP decision records its proof there): the decision
     * without the network, sender-constraint checks included.
     */
    public static AuthorizerHandler withRevocationAndReplay(Map<String, String> env, RevocationCheck revocation,
                                                            ReplayGuard replay, Clock clock, LogSink log) {
        return new AuthorizerHandler(AuthorizerConfig.fromEnvironment(env), revocation, replay, clock, log);
    }

    /** The production decision path with a real DynamoDB client (pointed at a local engine). */
    public static AuthorizerHandler withDynamoDb(Map<String, String> env, DynamoDbClient dynamoDb, Clock clock,
                                                 LogSink log) {
        return new AuthorizerHandler(AuthorizerConfig.fromEnvironment(env), dynamoDb, clock, log);
    }
}
