package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** samconfig.toml: version 0.1, a default and a prod environment that a first-time `sam deploy --guided` can use. */
class SamConfigTest {
    private static final Pattern OVERRIDE = Pattern.compile("([A-Za-z0-9]+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S*)");

    private final JsonNode config = SamTransform.samconfig();

    @Test
    void isVersionZeroPointOne() {
        assertThat(config.path("version").asDouble()).isEqualTo(0.1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "prod"})
    void environmentDeploysWithGeneratedBucketIamCapabilityAndAChangesetToConfirm(String environment) {
        JsonNode deploy = config.path(environment).path("deploy").path("parameters");
        String stackName = config.path(environment).path("global").path("parameters").path("stack_name")
                .asText(deploy.path("stack_name").asText());
        assertThat(stackName).matches("[A-Za-z][A-Za-z0-9-]{0,127}");
        assertThat(deploy.path("resolve_s3").asBoolean()).isTrue();
        assertThat(deploy.path("capabilities").asText()).contains("CAPABILITY_IAM");
        assertThat(deploy.path("confirm_changeset").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "prod"})
    void parameterOverridesNameRealParametersAndCoverEveryOneWithoutADefault(String environment) {
        Map<String, String> overrides = overrides(
                config.path(environment).path("deploy").path("parameters").path("parameter_overrides").asText());
        JsonNode parameters = SamTransform.template().path("Parameters");
        assertThat(overrides).containsKeys("JwtIssuer", "JwtAudience", "JwksUrl");
        overrides.forEach((name, value) -> {
            assertThat(parameters.has(name)).as("%s is a template parameter", name).isTrue();
            JsonNode pattern = parameters.path(name).path("AllowedPattern");
            if (!pattern.isMissingNode()) {
                assertThat(value).as(name).matches(pattern.asText());
            }
        });
        Set<String> withoutDefault = new TreeSet<>();
        parameters.fields().forEachRemaining(p -> {
            if (!p.getValue().has("Default")) {
                withoutDefault.add(p.getKey());
            }
        });
        assertThat(overrides.keySet()).containsAll(withoutDefault);
    }

    @Test
    void localInvokeEnvironmentFileExistsAndOnlyOverridesVariablesTheTemplateDeclares() throws IOException {
        String file = config.path("default").path("local_invoke").path("parameters").path("env_vars").asText();
        assertThat(file).isEqualTo("events/env.local.json");
        Path path = ProjectLayout.root().resolve(file);
        assertThat(path).as("the authorizer module provides %s", file).isRegularFile();

        // sam local only overrides variables the template declares for that function: anything else is ignored
        // silently, so a value there would look configured while the function never sees it.
        JsonNode env = new ObjectMapper().readTree(Files.readString(path));
        JsonNode resources = SamTransform.template().path("Resources");
        env.fields().forEachRemaining(function -> {
            if (function.getKey().equals("Parameters")) {
                return;
            }
            JsonNode declared = resources.path(function.getKey()).path("Properties").path("Environment")
                    .path("Variables");
            assertThat(resources.has(function.getKey())).as("%s is a function in template.yaml", function.getKey())
                    .isTrue();
            function.getValue().fieldNames().forEachRemaining(name -> {
                if (!HandlerAndConfigTest.LAMBDA_RESERVED.contains(name)) { // sam local sets those itself
                    assertThat(declared.has(name))
                            .as("%s declares %s, so sam local can override it", function.getKey(), name).isTrue();
                }
            });
        });
    }

    @Test
    void localInvokeParameterOverridesNameRealParameters() {
        JsonNode parameters = SamTransform.template().path("Parameters");
        localOverrides().forEach((name, value) -> {
            assertThat(parameters.has(name)).as("%s is a template parameter", name).isTrue();
            assertThat(value).matches(parameters.path(name).path("AllowedPattern").asText(".*"));
        });
    }

    private Map<String, String> localOverrides() {
        return overrides(config.path("default").path("local_invoke").path("parameters").path("parameter_overrides")
                .asText());
    }

    static Map<String, String> overrides(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = OVERRIDE.matcher(text);
        while (m.find()) {
            out.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"") : m.group(2));
        }
        return out;
    }
}
