package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production init path in a child JVM: configuration from real environment variables (those of
 * {@code events/env.local.json}), the DynamoDB client from core's factory with environment credentials, and the
 * endpoint reached only through {@code DYNAMODB_ENDPOINT}.
 */
@ExtendWith(MotoExtension.class)
class LambdaInitPathIT {

    private static List<String> run(Map<String, String> env, String fixture) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                InitPathMain.class.getName(), fixture).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    @Test
    void theNoArgConstructorServesTheFixturesFromTheEnvironment(MotoServer moto) throws Exception {
        String table = moto.createTable("init-path-tokens", "PK", "SK", "ttl", false);
        Map<String, String> env = new java.util.HashMap<>(Fixtures.environment(Map.of("TOKEN_TABLE", table)));
        env.putAll(moto.awsEnvironment()); // AWS_REGION, credentials, DYNAMODB_ENDPOINT
        List<String> lines = new ArrayList<>(run(env, "rest-token.json"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ANSWER ").contains("\"principalId\":\"demo-user\"",
                "\"Effect\":\"Allow\""));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"event\":\"authorizer.decision\"",
                "\"outcome\":\"ALLOW\""));
        lines.stream().filter(l -> l.startsWith("TIMES")).forEach(l -> System.out.println("[measurement] cold JVM " + l));
    }

    @Test
    void aBrokenConfigurationFailsInitNamingTheVariable() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Fixtures.environment(Map.of("REVOCATION_MODE", "sometimes")));
        env.put("AWS_REGION", "us-east-1");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                InitPathMain.class.getName(), "rest-token.json").redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("REVOCATION_MODE: must be one of denylist, allowlist");
    }
}
