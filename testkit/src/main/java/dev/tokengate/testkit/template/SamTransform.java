package dev.tokengate.testkit.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * template.yaml as CloudFormation will deploy it: the SAM transform run by aws-sam-translator (the library behind
 * CloudFormation's AWS::Serverless transform), through {@code testkit/src/main/python/sam_transform.py}. The default
 * transform runs once per JVM; {@link #translate} runs a batch of parameter scenarios in one Python process.
 */
public final class SamTransform {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger BATCHES = new AtomicInteger();
    private static JsonNode document;

    private SamTransform() {
    }

    /** template.yaml as parsed (short-form intrinsics expanded). */
    public static JsonNode template() {
        return document().path("template");
    }

    /** The generated CloudFormation with every parameter at its default. */
    public static JsonNode transformed() {
        return document().path("transformed");
    }

    /** samconfig.toml as parsed by Python's tomllib. */
    public static JsonNode samconfig() {
        return document().path("samconfig");
    }

    /**
     * The generated CloudFormation for each named set of parameter values (strings, as CloudFormation hands them to
     * the transform), in one run of the translator.
     */
    public static Map<String, JsonNode> translate(Map<String, Map<String, String>> scenarios) {
        List<String> specs = new ArrayList<>();
        scenarios.forEach((name, values) -> {
            try {
                specs.add(name + "=" + JSON.writeValueAsString(values));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        JsonNode out = run("scenarios-" + BATCHES.incrementAndGet() + ".json", specs).path("scenarios");
        Map<String, JsonNode> result = new LinkedHashMap<>();
        scenarios.keySet().forEach(name -> result.put(name, out.path(name)));
        return result;
    }

    public static JsonNode resource(JsonNode template, String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError("template has no resource " + logicalId);
        }
        return resource;
    }

    private static synchronized JsonNode document() {
        if (document == null) {
            document = run("transformed.json", List.of());
        }
        return document;
    }

    private static JsonNode run(String outputName, List<String> scenarioSpecs) {
        Path out = ProjectLayout.work("sam").resolve(outputName);
        List<String> command = new ArrayList<>(List.of("python3", ProjectLayout.transformScript().toString(),
                ProjectLayout.template().toString(), ProjectLayout.samconfig().toString(), out.toString()));
        command.addAll(scenarioSpecs);
        ExternalCommand.Result result = ExternalCommand.run(ProjectLayout.root(), command);
        if (result.exitCode() == 3) {
            throw new AssertionError("aws-sam-translator is not installed: " + ExternalCommand.INSTALL_HINT + "\n"
                    + result.output());
        }
        if (result.exitCode() != 0) {
            throw new AssertionError("the SAM transform rejected template.yaml:\n" + result.output());
        }
        try {
            return JSON.readTree(out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
