package dev.tokengate.lambdatier.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One function as CloudFormation would deploy it: the {@code AWS::Lambda::Function} the SAM transform makes of
 * template.yaml, with intrinsics evaluated for the given parameter values. The tier takes everything it runs from
 * here (code, handler, memory, timeout, SnapStart, logging, environment), never from constants of its own.
 *
 * <p>Resources only exist after a deploy, so every {@code Ref} to one (a table, a log group) is mapped to the
 * physical name the test created for it; a reference the test did not map fails here, naming it.
 *
 * @param name the function name Lambda reports ({@code <stack>-<logical id>}: deterministic, unlike CloudFormation's)
 * @param alias the alias API Gateway invokes ({@code AutoPublishAlias}), if the template publishes one
 */
public record TemplateFunction(String logicalId, String name, Path zip, String runtime, String handler, int memoryMb,
                               int timeoutSeconds, String architecture, boolean snapStart, Optional<String> alias,
                               Logging logging, Map<String, String> environment) {
    /** SAM's placeholder bucket: the transform script stands the local CodeUri in as s3://tokengate-codeuri/<path>. */
    private static final String CODE_BUCKET = "tokengate-codeuri";
    private static final String REF = "ref:";
    private static final String GETATT = "getatt:";

    /** LoggingConfig as Lambda applies it (the format and levels reach the runtime as AWS_LAMBDA_LOG_*). */
    public record Logging(String format, Optional<String> applicationLevel, Optional<String> systemLevel,
                          String logGroup) {
    }

    public TemplateFunction {
        environment = Map.copyOf(environment);
    }

    /** The same function with another deployment package: to compare two builds of its zip. */
    public TemplateFunction withZip(Path otherZip) {
        return new TemplateFunction(logicalId, name, otherZip, runtime, handler, memoryMb, timeoutSeconds, architecture,
                snapStart, alias, logging, environment);
    }

    /** The logical ids of every Lambda function the transformed template deploys. */
    public static List<String> logicalIds() {
        List<String> ids = new ArrayList<>();
        SamTransform.transformed().path("Resources").properties().forEach(resource -> {
            if ("AWS::Lambda::Function".equals(resource.getValue().path("Type").asText())) {
                ids.add(resource.getKey());
            }
        });
        return ids;
    }

    /**
     * @param physicalNames the name the test gave each resource the function refers to (logical id to name)
     */
    public static TemplateFunction read(String logicalId, StackParameters parameters,
                                        Map<String, String> physicalNames) {
        JsonNode template = SamTransform.transformed();
        JsonNode resource = SamTransform.resource(template, logicalId);
        if (!"AWS::Lambda::Function".equals(resource.path("Type").asText())) {
            throw new AssertionError(logicalId + " is not a Lambda function in the transformed template");
        }
        Intrinsics intrinsics = new Intrinsics(template, parameters.values());
        JsonNode properties = intrinsics.evaluate(resource.path("Properties"));
        String name = intrinsics.parameter("AWS::StackName") + "-" + logicalId;
        Resolver resolver = new Resolver(logicalId, physicalNames);
        return new TemplateFunction(
                logicalId,
                name,
                zip(logicalId, properties.path("Code")),
                properties.path("Runtime").asText(),
                required(logicalId, properties, "Handler"),
                properties.path("MemorySize").asInt(128),
                properties.path("Timeout").asInt(3),
                properties.path("Architectures").path(0).asText("x86_64"),
                "PublishedVersions".equals(properties.path("SnapStart").path("ApplyOn").asText()),
                alias(template, logicalId),
                logging(template, intrinsics, properties.path("LoggingConfig"), name),
                environment(properties.path("Environment").path("Variables"), resolver));
    }

    private static Path zip(String logicalId, JsonNode code) {
        if (!CODE_BUCKET.equals(code.path("S3Bucket").asText())) {
            throw new AssertionError(logicalId + "'s code is not a local CodeUri: " + code);
        }
        Path zip = ProjectLayout.root().resolve(code.path("S3Key").asText());
        if (!Files.isRegularFile(zip)) {
            throw new AssertionError(logicalId + "'s CodeUri " + zip + " does not exist: build it with ./mvnw package");
        }
        return zip;
    }

    private static String required(String logicalId, JsonNode properties, String property) {
        String value = properties.path(property).asText("");
        if (value.isEmpty()) {
            throw new AssertionError(logicalId + " has no " + property);
        }
        return value;
    }

    private static Optional<String> alias(JsonNode template, String logicalId) {
        List<String> names = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if ("AWS::Lambda::Alias".equals(resource.path("Type").asText())
                    && logicalId.equals(resource.path("Properties").path("FunctionName").path("Ref").asText())) {
                names.add(resource.path("Properties").path("Name").asText());
            }
        });
        return names.stream().findFirst();
    }

    private static Logging logging(JsonNode template, Intrinsics intrinsics, JsonNode config, String functionName) {
        // Lambda's default group unless LoggingConfig names one; a Ref names a log group resource of this stack.
        String group = "/aws/lambda/" + functionName;
        String configured = config.path("LogGroup").asText("");
        if (configured.startsWith(REF)) {
            JsonNode logGroup = SamTransform.resource(template, configured.substring(REF.length()));
            group = intrinsics.text(logGroup.path("Properties").path("LogGroupName"));
        } else if (!configured.isEmpty()) {
            group = configured;
        }
        return new Logging(config.path("LogFormat").asText("Text"), text(config.path("ApplicationLogLevel")),
                text(config.path("SystemLogLevel")), group);
    }

    private static Optional<String> text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    private static Map<String, String> environment(JsonNode variables, Resolver resolver) {
        Map<String, String> environment = new LinkedHashMap<>();
        variables.properties().forEach(v -> environment.put(v.getKey(), resolver.resolve(v.getKey(),
                v.getValue().asText())));
        return environment;
    }

    /** Replaces a deploy-time reference by the physical name the test chose for that resource. */
    private record Resolver(String function, Map<String, String> physicalNames) {
        String resolve(String variable, String value) {
            if (value.startsWith(GETATT)) {
                throw new AssertionError(function + "'s " + variable + " is " + value + ": the tier cannot stand in "
                        + "for an attribute that exists only after a deploy");
            }
            if (!value.startsWith(REF)) {
                return value;
            }
            String resource = value.substring(REF.length());
            String physical = physicalNames.get(resource);
            if (physical == null) {
                throw new AssertionError(function + "'s " + variable + " refers to " + resource
                        + ": give the sandbox a physical name for it (e.g. the moto table the test created)");
            }
            return physical;
        }
    }
}
