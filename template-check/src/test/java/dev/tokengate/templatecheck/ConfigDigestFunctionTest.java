package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.tokengate.testkit.template.ExternalCommand;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deploy-time digest function, run from the template's own inline code with CloudFormation's request shapes;
 * its answers are captured on a loopback stand-in for the pre-signed response URL.
 */
class ConfigDigestFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer responses;
    private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        responses = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responses.createContext("/", exchange -> {
            String method = exchange.getRequestMethod();
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            answers.put(exchange.getRequestURI().getPath().substring(1), method.equals("PUT") ? body
                    : JSON.createObjectNode().put("wrongMethod", method));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        responses.start();
    }

    @AfterEach
    void stop() {
        responses.stop(0);
    }

    @Test
    void theSameValuesGiveTheSameDigestInAnyKeyOrderAndAnyChangeAnother() throws IOException {
        run(event("create", "Create", Map.of("Environment", Map.of("JWT_ISSUER", "https://a/", "MODE", "denylist"),
                        "Architecture", "arm64")),
                event("update-same", "Update", Map.of("Architecture", "arm64",
                        "Environment", Map.of("MODE", "denylist", "JWT_ISSUER", "https://a/"))),
                event("issuer", "Update", Map.of("Environment", Map.of("JWT_ISSUER", "https://b/", "MODE", "denylist"),
                        "Architecture", "arm64")),
                event("empty-value", "Update", Map.of("Environment", Map.of("JWT_ISSUER", "https://a/", "MODE",
                        "denylist", "DYNAMODB_ENDPOINT", ""), "Architecture", "arm64")),
                event("architecture", "Update", Map.of("Environment", Map.of("JWT_ISSUER", "https://a/", "MODE",
                        "denylist"), "Architecture", "x86_64")));

        String digest = answers.get("create").path("Data").path("Digest").asText();
        assertThat(digest).matches("[0-9a-f]{64}");
        assertThat(answers.get("create").path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answers.get("update-same").path("Data").path("Digest").asText()).isEqualTo(digest);
        for (String other : List.of("issuer", "empty-value", "architecture")) {
            assertThat(answers.get(other).path("Data").path("Digest").asText()).as(other).matches("[0-9a-f]{64}")
                    .isNotEqualTo(digest);
        }
    }

    @Test
    void answersEveryRequestWithTheIdsCloudFormationSent() throws IOException {
        ObjectNode delete = event("delete", "Delete", Map.of("Architecture", "arm64"));
        delete.put("PhysicalResourceId", "AuthorizerConfigDigest");
        run(event("create", "Create", Map.of("Architecture", "arm64")), delete);

        JsonNode created = answers.get("create");
        assertThat(created.path("PhysicalResourceId").asText()).isEqualTo("AuthorizerConfigDigest");
        assertThat(created.path("StackId").asText()).isEqualTo("arn:aws:cloudformation:eu-west-1:123456789012:stack/t/1");
        assertThat(created.path("RequestId").asText()).isEqualTo("request-create");
        assertThat(created.path("LogicalResourceId").asText()).isEqualTo("AuthorizerConfigDigest");
        JsonNode deleted = answers.get("delete");
        assertThat(deleted.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(deleted.path("PhysicalResourceId").asText()).isEqualTo("AuthorizerConfigDigest");
    }

    @Test
    void aMalformedRequestIsAnsweredFailedNotLeftWaiting() throws IOException {
        ObjectNode noValues = event("malformed", "Create", Map.of());
        ((ObjectNode) noValues.path("ResourceProperties")).remove("Values");
        run(noValues);

        assertThat(answers.get("malformed").path("Status").asText()).isEqualTo("FAILED");
        assertThat(answers.get("malformed").path("Reason").asText()).startsWith("KeyError");
    }

    private ObjectNode event(String name, String type, Map<String, Object> values) {
        ObjectNode event = JSON.createObjectNode();
        event.put("RequestType", type);
        event.put("ResponseURL", "http://127.0.0.1:" + responses.getAddress().getPort() + "/" + name);
        event.put("StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/t/1");
        event.put("RequestId", "request-" + name);
        event.put("LogicalResourceId", "AuthorizerConfigDigest");
        event.put("ResourceType", "Custom::ConfigDigest");
        ObjectNode properties = event.putObject("ResourceProperties");
        properties.put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:digest");
        properties.set("Values", JSON.valueToTree(values));
        return event;
    }

    private void run(ObjectNode... events) throws IOException {
        Path dir = ProjectLayout.work("config-digest");
        String code = SamTransform.resource(SamTransform.template(), "ConfigDigestFunction").path("Properties")
                .path("Code").path("ZipFile").asText();
        assertThat(code.length()).as("CloudFormation's limit for inline code").isLessThanOrEqualTo(4096);
        Files.writeString(dir.resolve("index.py"), code);
        ArrayNode list = JSON.createArrayNode();
        list.addAll(List.of(events));
        Path file = dir.resolve("events.json");
        Files.writeString(file, JSON.writeValueAsString(list));
        ExternalCommand.Result result = ExternalCommand.run(ProjectLayout.root(), List.of("python3",
                ProjectLayout.root().resolve("template-check/src/test/python/run_handler.py").toString(),
                dir.toString(), file.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("HANDLER RAISED");
        assertThat(answers).as(result.output()).hasSize(events.length);
    }
}
