package dev.tokengate.lambdatier.sandbox;

import dev.tokengate.lambdatier.credentials.ContainerCredentials;
import dev.tokengate.lambdatier.credentials.EnvironmentCredentials;
import dev.tokengate.lambdatier.credentials.ExecutionRoleCredentials;
import dev.tokengate.lambdatier.dynamodb.SigningCheckProxy;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.lambdatier.template.TemplateFunction;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link LambdaSandbox} runs (the template's function, the stack's parameter values, the physical names of the
 * resources it uses, where DynamoDB is) and the order it is started in. A start that fails stops whatever it had
 * started already.
 */
public final class SandboxBuilder {
    /** The template's parameter for a local DynamoDB endpoint: the tier reaches moto through it, as sam local does. */
    public static final String LOCAL_ENDPOINT_PARAMETER = "LocalDynamoDbEndpoint";

    private final String logicalId;
    private final Map<String, String> physicalNames = new LinkedHashMap<>();
    private StackParameters parameters;
    private URI dynamoDbEndpoint;
    private String region;
    private InitType initType;
    private Path zip;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    SandboxBuilder(String logicalId) {
        this.logicalId = logicalId;
    }

    public SandboxBuilder parameters(StackParameters values) {
        this.parameters = values;
        return this;
    }

    /** The physical name of a resource of the template the function refers to (a table made in moto). */
    public SandboxBuilder resource(String resourceLogicalId, String physicalName) {
        physicalNames.put(resourceLogicalId, physicalName);
        return this;
    }

    /** The real DynamoDB API (moto) behind the signature-checking proxy. */
    public SandboxBuilder dynamoDb(URI endpoint) {
        this.dynamoDbEndpoint = endpoint;
        return this;
    }

    /** The region the function runs in (moto keeps tables per region: the one the tables were made in). */
    public SandboxBuilder region(String awsRegion) {
        this.region = awsRegion;
        return this;
    }

    /** The token table {@code table} in {@code moto}, reached through the template's local endpoint, in moto's region. */
    public SandboxBuilder tokenTableOn(MotoServer moto, String table) {
        return resource("TokenTable", table).dynamoDb(moto.endpoint()).region(MotoServer.REGION.id());
    }

    /** Overrides what the template implies (SnapStart published versions: snap-start; else on-demand). */
    public SandboxBuilder initType(InitType type) {
        this.initType = type;
        return this;
    }

    /** Runs this deployment zip instead of the one the template's CodeUri names (to compare two builds of it). */
    public SandboxBuilder zip(Path otherZip) {
        this.zip = otherZip;
        return this;
    }

    /** Starts the function and returns once its init is over (its first {@code invocation/next}). */
    public LambdaSandbox start() {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(dynamoDbEndpoint, "dynamoDb");
        Objects.requireNonNull(region, "region");
        try {
            LambdaSandbox sandbox = new LambdaSandbox(startParts());
            sandbox.awaitInit();
            return sandbox;
        } catch (RuntimeException | Error e) {
            stopStarted(e);
            throw e;
        }
    }

    private SandboxParts startParts() {
        InitType init = initType != null ? initType
                : InitType.of(TemplateFunction.read(logicalId, parameters, physicalNames));
        Path directory = sandboxDirectory();
        ExecutionRoleCredentials credentials = remember(init == InitType.SNAP_START ? ContainerCredentials.start()
                : EnvironmentCredentials.random());
        SigningCheckProxy proxy = remember(SigningCheckProxy.start(dynamoDbEndpoint, credentials, region));
        // Read again now that the proxy's endpoint is known: it reaches the function only through the template.
        TemplateFunction templated = TemplateFunction.read(logicalId,
                parameters.with(LOCAL_ENDPOINT_PARAMETER, proxy.endpoint().toString()), physicalNames);
        TemplateFunction function = zip == null ? templated : templated.withZip(zip);
        String arn = "arn:aws:lambda:" + region + ":" + Intrinsics.ACCOUNT + ":function:" + function.name()
                + function.alias().map(alias -> ":" + alias).orElse("");
        RuntimeApi runtimeApi = remember(RuntimeApi.start(arn, Duration.ofSeconds(function.timeoutSeconds())));
        RuntimeJars runtime = RuntimeJars.locate();
        TaskRoot taskRoot = remember(TaskRoot.unzip(function.zip(), directory.resolve("task")));
        Path nativeClient = runtime.unpackNativeClient(directory.resolve("runtime"));
        Map<String, String> environment = new LambdaEnvironment(function, init, region, runtimeApi.address(),
                taskRoot.path(), runtime.directory(), credentials).variables();
        Path java = LambdaCommandLine.java();
        List<String> command = LambdaCommandLine.of(java, function.memoryMb(), runtime, nativeClient,
                function.handler());
        LogLines logs = new LogLines();
        FunctionProcess process = remember(FunctionProcess.start(command, environment, taskRoot.path(), logs));
        return new SandboxParts(function, init, directory, credentials, proxy, runtimeApi, taskRoot, environment,
                java, logs, process);
    }

    private Path sandboxDirectory() {
        try {
            return Files.createTempDirectory(ProjectLayout.work("sandboxes"), logicalId + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }

    private void stopStarted(Throwable failure) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
