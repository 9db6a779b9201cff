package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.testkit.template.ExternalCommand;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A changed parameter must reach the {@code live} alias. API Gateway invokes only the alias, and SAM names the
 * auto-published version from the template text (the environment unresolved), so by itself a new issuer or mode
 * updates {@code $LATEST} and nothing else. The template adds a deploy-time digest of each function's configuration
 * to the version's Description, which is create-only: a new digest means a new version, and the alias moves.
 *
 * <p>Proven here in parts: the translator, run once per parameter with a changed value, shows which parameters
 * change a function's configuration and that each of them changes that function's digest input; the registry schema
 * says Description is create-only; {@link ConfigDigestFunctionTest} shows a different input gives a different digest.
 */
class VersionPublishingTest {
    /** Each API-facing function and the digest its versions are described by. */
    enum Published {
        AUTHORIZER(DeployedFunction.AUTHORIZER, "AuthorizerConfigDigest"),
        REVOKE_API(DeployedFunction.REVOKE_API, "RevokeApiConfigDigest");

        final DeployedFunction function;
        final String digest;

        Published(DeployedFunction function, String digest) {
            this.function = function;
            this.digest = digest;
        }
    }

    /** Parameters with no AllowedValues, no range and no sample in HandlerAndConfigTest: a changed valid value. */
    static final Map<String, String> MORE_SAMPLES = Map.of(
            "Jwks", "{\"keys\":[]}",
            "ExistingApiExecutionArns", "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/authorizers/*",
            "AlarmEmail", "oncall@example.com",
            "AlarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:pager");

    private static Map<String, String> changed;
    private static Map<String, JsonNode> translated;

    @BeforeAll
    static void translateOncePerParameter() {
        changed = new LinkedHashMap<>();
        SamTransform.template().path("Parameters").fields().forEachRemaining(p -> changed.put(p.getKey(),
                otherValue(p.getKey(), p.getValue())));
        Map<String, Map<String, String>> scenarios = new LinkedHashMap<>();
        scenarios.put("base", HandlerAndConfigTest.BASE);
        changed.forEach((name, value) -> {
            Map<String, String> values = new HashMap<>(HandlerAndConfigTest.BASE);
            values.put(name, value);
            scenarios.put(name, values);
        });
        translated = SamTransform.translate(scenarios);
    }

    @ParameterizedTest
    @EnumSource(Published.class)
    void everyParameterThatChangesTheFunctionChangesItsDigest(Published published) {
        JsonNode base = translated.get("base");
        JsonNode function = configuration(base, published, HandlerAndConfigTest.BASE);
        JsonNode digest = digestInput(base, published, HandlerAndConfigTest.BASE);
        Set<String> reaching = new TreeSet<>();
        changed.forEach((name, value) -> {
            Map<String, String> values = new HashMap<>(HandlerAndConfigTest.BASE);
            values.put(name, value);
            JsonNode template = translated.get(name);
            if (!configuration(template, published, values).equals(function)) {
                reaching.add(name);
                assertThat(digestInput(template, published, values))
                        .as("%s changes %s, so it must change %s", name, published.function.logicalId,
                                published.digest)
                        .isNotEqualTo(digest);
            }
        });
        System.out.printf("versions: parameters that publish a new %s: %s%n", published.function.logicalId, reaching);
        // The detection itself must see what obviously reaches the function.
        assertThat(reaching).contains("JwtIssuer", "JwksUrl", "Architecture", "LogLevel", "SystemLogLevel",
                "MetricNamespace", "LocalDynamoDbEndpoint");
    }

    @ParameterizedTest
    @EnumSource(Published.class)
    void withoutTheDigestSamWouldKeepTheSameVersion(Published published) {
        // The bug the digest fixes, shown on the translator itself: the version's logical id ignores values.
        assertThat(versionId(translated.get("JwtIssuer"), published)).isEqualTo(versionId(translated.get("base"),
                published));
        assertThat(versionId(translated.get("RevocationMode"), published)).isEqualTo(
                versionId(translated.get("base"), published));
    }

    @ParameterizedTest
    @EnumSource(Published.class)
    void theVersionIsDescribedByTheDigestAndTheDigestRepeatsTheEnvironment(Published published) {
        JsonNode cfn = SamTransform.transformed();
        JsonNode version = cfn.path("Resources").path(versionId(cfn, published));
        assertThat(new Intrinsics(cfn, HandlerAndConfigTest.BASE).text(version.path("Properties").path("Description")))
                .isEqualTo("tokengate configuration getatt:" + published.digest + ".Digest");
        assertThat(version.path("DeletionPolicy").asText()).isEqualTo("Retain");

        JsonNode source = SamTransform.resource(SamTransform.template(), published.function.logicalId)
                .path("Properties");
        assertThat(source.path("AutoPublishAliasAllProperties").asBoolean())
                .as("template edits (timeout, handler, ...) publish too").isTrue();
        JsonNode values = SamTransform.resource(SamTransform.template(), published.digest).path("Properties")
                .path("Values");
        assertThat(values.path("Environment")).isEqualTo(source.path("Environment").path("Variables"));
    }

    @Test
    void descriptionIsCreateOnlySoANewOneReplacesTheVersion() throws IOException {
        ExternalCommand.Result schema = ExternalCommand.run(ProjectLayout.root(), List.of("python3",
                ProjectLayout.root().resolve("template-check/src/test/python/resource_schema.py").toString(),
                "us-east-1", "AWS::Lambda::Version"));
        assertThat(schema.exitCode()).as(schema.output()).isZero();
        JsonNode createOnly = new ObjectMapper().readTree(schema.output()).path("createOnlyProperties");
        List<String> paths = new ArrayList<>();
        createOnly.forEach(p -> paths.add(p.asText()));
        assertThat(paths).contains("/properties/Description");
    }

    /** The function's properties (environment, architecture, logging, ...) as CloudFormation would apply them. */
    private static JsonNode configuration(JsonNode template, Published published, Map<String, String> values) {
        return new Intrinsics(template, values).evaluate(SamTransform.resource(template,
                published.function.logicalId).path("Properties"));
    }

    private static JsonNode digestInput(JsonNode template, Published published, Map<String, String> values) {
        return new Intrinsics(template, values).evaluate(SamTransform.resource(template, published.digest)
                .path("Properties").path("Values"));
    }

    private static String versionId(JsonNode template, Published published) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Lambda::Version")
                    && r.getKey().startsWith(published.function.logicalId + "Version")) {
                ids.add(r.getKey());
            }
        });
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private static String otherValue(String name, JsonNode parameter) {
        String current = parameter.path("Default").asText(HandlerAndConfigTest.BASE.getOrDefault(name, ""));
        List<String> candidates = new ArrayList<>();
        parameter.path("AllowedValues").forEach(v -> candidates.add(v.asText()));
        if (parameter.has("MinValue")) {
            candidates.add(parameter.path("MinValue").asText());
            candidates.add(parameter.path("MaxValue").asText());
        }
        candidates.addAll(HandlerAndConfigTest.SAMPLES.getOrDefault(name, List.of()));
        if (MORE_SAMPLES.containsKey(name)) {
            candidates.add(MORE_SAMPLES.get(name));
        }
        return candidates.stream().filter(c -> !c.equals(current)).findFirst().orElseThrow(() -> new AssertionError(
                "no other valid value for parameter " + name + ": add a sample to HandlerAndConfigTest.SAMPLES"));
    }
}
