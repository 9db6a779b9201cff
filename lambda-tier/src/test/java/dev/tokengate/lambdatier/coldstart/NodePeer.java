package dev.tokengate.lambdatier.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.lambdatier.credentials.EnvironmentCredentials;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequest;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.dynamodb.SigningCheckProxy;
import dev.tokengate.lambdatier.fixture.TestIssuer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.template.ProjectLayout;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Node peer doing what the authorizer does on its first request: a fresh {@code node} process loads
 * aws-jwt-verify and the AWS SDK v3 DynamoDB client, verifies one ES256 token of the same issuer against the same JWK
 * set, and makes one {@code GetItem} against the same moto, through a signature-checking proxy of its own (keys in
 * the environment, as Lambda hands them to an on-demand function). Not under a runtime client: Node's own Lambda
 * bootstrap is not in its figure.
 */
final class NodePeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("bench", "node", "coldstart.mjs");
    private static final Path SDK = Path.of("bench", "node", "node_modules", "@aws-sdk", "client-dynamodb");

    private final Path node;
    private final Path work;
    private final String table;
    private final String region;
    private final EnvironmentCredentials credentials;
    private final SigningCheckProxy proxy;

    private NodePeer(Path node, Path work, String table, String region, EnvironmentCredentials credentials,
                     SigningCheckProxy proxy) {
        this.node = node;
        this.work = work;
        this.table = table;
        this.region = region;
        this.credentials = credentials;
        this.proxy = proxy;
    }

    /** Empty, with the reason, when there is no node on PATH or its packages are not installed. */
    static Optional<NodePeer> start(URI dynamoDb, String table, String region, Path work, List<String> missing) {
        Optional<Path> node = onPath("node");
        if (node.isEmpty()) {
            missing.add("no node on PATH");
            return Optional.empty();
        }
        if (!Files.isDirectory(ProjectLayout.root().resolve(SDK))) {
            missing.add("bench/node's packages are not installed: npm ci --prefix bench/node");
            return Optional.empty();
        }
        EnvironmentCredentials credentials = EnvironmentCredentials.random();
        return Optional.of(new NodePeer(node.get(), work, table, region, credentials,
                SigningCheckProxy.start(dynamoDb, credentials, region)));
    }

    Sample run(TestIssuer issuer) {
        Path fixtures = fixtures(issuer);
        Map<String, String> env = new LinkedHashMap<>(credentials.environment());
        env.put("PATH", node.getParent() + ":/usr/bin:/bin");
        env.put("HOME", work.toString());
        env.put("AWS_REGION", region);
        env.put("TOKEN_TABLE", table);
        env.put("DYNAMODB_ENDPOINT", proxy.endpoint().toString());
        ProcessBuilder builder = new ProcessBuilder(node.toString(),
                ProjectLayout.root().resolve(SCRIPT).toString(), fixtures.toString(), "ES256")
                .directory(work.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        DynamoDbRequests.Window traffic = proxy.requests().window();
        try {
            Instant launched = Instant.now();
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError("the Node peer failed:\n" + output);
            }
            JsonNode result = lastJsonLine(output);
            assertThat(result.path("itemFound").asBoolean(true)).as(output).isFalse();
            assertThat(traffic.requests()).as(output).isNotEmpty().allSatisfy(request -> {
                assertThat(request.operation()).isEqualTo("GetItem");
                assertThat(request.verdict()).isEqualTo(DynamoDbRequest.Verdict.ACCEPTED);
            });
            double launchedEpochMs = launched.getEpochSecond() * 1e3 + launched.getNano() / 1e6;
            return new Sample(result.path("initEpochMs").asDouble() - launchedEpochMs, 0,
                    result.path("firstRequestMs").asDouble(), result.path("secondRequestMs").asDouble(), "",
                    result.path("firstAttempts").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** What {@code node --version} says. */
    String version() {
        try {
            Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** The file coldstart.mjs reads: issuer, audience, the public JWK set and one fresh ES256 token. */
    private Path fixtures(TestIssuer issuer) {
        ObjectNode fixtures = JSON.createObjectNode();
        fixtures.put("issuer", issuer.issuer());
        fixtures.put("audience", issuer.audience());
        try {
            fixtures.set("jwks", JSON.readTree(TestKeys.publicJson(issuer.key())));
            fixtures.put("ES256", issuer.sign(issuer.token()));
            Path file = work.resolve("node-fixtures.json");
            Files.writeString(file, JSON.writeValueAsString(fixtures));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        List<String> lines = output.lines().filter(line -> line.startsWith("{\"event\":\"cold_start\"")).toList();
        if (lines.isEmpty()) {
            throw new AssertionError("the Node peer printed no result:\n" + output);
        }
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }

    @Override
    public void close() {
        proxy.close();
    }
}
