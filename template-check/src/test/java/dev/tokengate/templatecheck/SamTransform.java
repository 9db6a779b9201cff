package dev.tokengate.templatecheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * template.yaml as CloudFormation will deploy it: the SAM transform run by aws-sam-translator (the library behind
 * CloudFormation's AWS::Serverless transform), through {@code src/test/python/sam_transform.py}. Run once per JVM.
 */
final class SamTransform {
    /** The scenario whose authorizer result TTL is set to the allowed maximum. */
    static final String TTL_300 = "ttl300";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode document;

    private SamTransform() {
    }

    /** template.yaml as parsed (short-form intrinsics expanded). */
    static JsonNode template() {
        return document().path("template");
    }

    /** The generated CloudFormation with every parameter at its default. */
    static JsonNode transformed() {
        return document().path("transformed");
    }

    /** The generated CloudFormation for a named scenario's parameter values. */
    static JsonNode scenario(String name) {
        JsonNode node = document().path("scenarios").path(name);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("no scenario " + name);
        }
        return node;
    }

    /** samconfig.toml as parsed by Python's tomllib. */
    static JsonNode samconfig() {
        return document().path("samconfig");
    }

    static JsonNode resource(JsonNode template, String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError("template has no resource " + logicalId);
        }
        return resource;
    }

    private static synchronized JsonNode document() {
        if (document == null) {
            document = run();
        }
        return document;
    }

    private static JsonNode run() {
        Path out = ProjectLayout.work("sam").resolve("transformed.json");
        ExternalCommand.Result result = ExternalCommand.run(ProjectLayout.root(), List.of("python3",
                ProjectLayout.transformScript().toString(), ProjectLayout.template().toString(),
                ProjectLayout.samconfig().toString(), out.toString(),
                TTL_300 + "={\"AuthorizerResultTtlSeconds\": \"300\"}"));
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
