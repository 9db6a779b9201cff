package dev.tokengate.bench;

import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.handler.AuthorizerHandler;
import dev.tokengate.authorizer.handler.BenchHandlers;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.testkit.MotoServer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * (d) The production decision including its one DynamoDB {@code BatchGetItem}, against a moto_server this fork
 * starts itself on loopback, with the production client (url-connection, core's budget). moto is a Python
 * process, so this measures our client overhead plus moto's own latency, not DynamoDB's. Every decision must make
 * exactly one HTTP request; the teardown checks the count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionWithLookupBench {
    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"ACCP"})
    public CryptoProvider provider;

    private MotoServer moto;
    private DynamoDbClient dynamoDb;
    private AuthorizerHandler handler;
    private Map<String, Object> event;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger decisions = new AtomicInteger();
    String lastLine;

    @Setup(Level.Trial)
    public void setUp() {
        provider.installAsDefault();
        Fixtures fixtures = Fixtures.load();
        moto = MotoServer.start();
        String table = moto.createTable("bench-tokens", "PK", "SK", "ttl", false);
        Map<String, String> env = new java.util.LinkedHashMap<>(fixtures.environment(table));
        // One token decided thousands of times per second: the hot-token shield would answer it from memory, and
        // this benchmark measures the lookup itself.
        env.put(AuthorizerConfig.HOT_TOKEN_THRESHOLD_PER_SECOND, "0");
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(env);
        dynamoDb = DynamoDbClients.builder(config.region(), config.storeBudget())
                .endpointOverride(moto.endpoint())
                .credentialsProvider(MotoServer.credentials())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        requests.incrementAndGet();
                    }
                }))
                .build();
        handler = BenchHandlers.withDynamoDb(env, dynamoDb, Clock.systemUTC(), line -> lastLine = line);
        event = DecisionBench.tokenEvent(fixtures.token(alg));
        DecisionBench.requireAllow(decide());
    }

    private Map<String, Object> decide() {
        decisions.incrementAndGet();
        return handler.handleRequest(event, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (requests.get() != decisions.get()) {
                throw new IllegalStateException(requests.get() + " DynamoDB requests for " + decisions.get()
                        + " decisions: expected exactly one each");
            }
            System.out.println("\n[lookup] " + decisions.get() + " decisions, " + requests.get()
                    + " DynamoDB requests");
        } finally {
            dynamoDb.close();
            moto.close();
        }
    }

    @Benchmark
    @Fork(value = 1)
    public Map<String, Object> c2() {
        return decide();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
    public Map<String, Object> c1() {
        return decide();
    }
}
