package dev.tokengate.bench;

import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.core.token.ValidationResult;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** (b) core's {@link JwtValidator}: size and structure checks, header, trusted key by kid, signature, claims. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidatorBench {
    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"JDK", "ACCP"})
    public CryptoProvider provider;

    private JwtValidator validator;
    private String token;
    private Instant now;

    @Setup
    public void setUp() {
        provider.installAsDefault();
        Fixtures fixtures = Fixtures.load();
        validator = JwtValidator.create(JwtConfig.fromEnvironment(fixtures.environment("bench-table")));
        token = fixtures.token(alg);
        now = Instant.now();
        ValidationResult result = validator.validate(token, now);
        if (!(result instanceof ValidationResult.Valid)) {
            throw new IllegalStateException("fixture token does not validate: " + result);
        }
    }

    @Benchmark
    @Fork(value = 1)
    public ValidationResult c2() {
        return validator.validate(token, now);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
    public ValidationResult c1() {
        return validator.validate(token, now);
    }
}
