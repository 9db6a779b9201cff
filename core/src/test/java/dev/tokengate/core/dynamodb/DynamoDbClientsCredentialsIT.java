package dev.tokengate.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The credentials a SnapStart version gets: no {@code AWS_ACCESS_KEY_ID} or its siblings, only the container
 * credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}).
 * A child JVM with exactly that environment builds the production client and calls a loopback stand-in for
 * DynamoDB; the call must be signed with the credentials the endpoint served.
 */
class DynamoDbClientsCredentialsIT {
    private static final String TOKEN = "container-token-" + Instant.now().getEpochSecond();
    private static final String ACCESS_KEY = "ASIACONTAINERCREDS01";
    private static final String SESSION_TOKEN = "session-from-the-container-endpoint";

    private HttpServer server;
    private final List<String> credentialRequests = new CopyOnWriteArrayList<>();
    private final List<String> signedCalls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStandIns() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/credentials", exchange -> {
            String presented = exchange.getRequestHeaders().getFirst("Authorization");
            credentialRequests.add(String.valueOf(presented));
            if (!TOKEN.equals(presented)) {
                respond(exchange.getResponseBody(), exchange, 401, "{}");
                return;
            }
            respond(exchange.getResponseBody(), exchange, 200, "{\"AccessKeyId\":\"" + ACCESS_KEY + "\","
                    + "\"SecretAccessKey\":\"secret\",\"Token\":\"" + SESSION_TOKEN + "\","
                    + "\"Expiration\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        });
        server.createContext("/", exchange -> {
            signedCalls.add(exchange.getRequestHeaders().getFirst("Authorization") + " token="
                    + exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"));
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            respond(exchange.getResponseBody(), exchange, 200, "{\"AccountMaxReadCapacityUnits\":80000,"
                    + "\"AccountMaxWriteCapacityUnits\":80000,\"TableMaxReadCapacityUnits\":40000,"
                    + "\"TableMaxWriteCapacityUnits\":40000}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aSnapStartEnvironmentSignsWithTheContainerCredentials() throws Exception {
        String output = probe();

        assertThat(output).contains("CALL OK");
        assertThat(credentialRequests).containsExactly(TOKEN);
        assertThat(signedCalls).singleElement().satisfies(call -> assertThat(call)
                .contains("Credential=" + ACCESS_KEY + "/").endsWith("token=" + SESSION_TOKEN));
    }

    @Test
    void theProviderThatWasOncePinnedFindsNothingThere() throws Exception {
        // The regression this pins: the environment-variable provider never asks the container endpoint.
        String output = probe("pinned");

        assertThat(output).contains("CALL FAILED SdkClientException");
        assertThat(credentialRequests).isEmpty();
        assertThat(signedCalls).isEmpty();
    }

    private String probe(String... args) throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ContainerCredentialsProbe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of(
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "AWS_REGION", "eu-west-1",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", base + "/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", TOKEN,
                "DYNAMODB_ENDPOINT", base,
                // no home directory: nothing to find in ~/.aws, as in Lambda
                "HOME", Path.of(System.getProperty("java.io.tmpdir"), "no-aws-profile").toString()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return output;
    }

    private static void respond(OutputStream body, HttpExchange exchange, int status,
                                String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        body.write(bytes);
        body.close();
    }
}
