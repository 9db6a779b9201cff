package dev.tokengate.lambdatier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.lambdatier.credentials.ExecutionRoleCredentials;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequest;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.template.TemplateFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One function of template.yaml running as Lambda's managed Java runtime runs it: its deployment zip unpacked into a
 * read-only task root, a fresh JVM with Lambda's command line and only Lambda's environment, the real runtime
 * interface client talking to a {@link RuntimeApi} on loopback, the execution role's credentials handed over as
 * Lambda does for the init type (SnapStart: the container endpoint only), and DynamoDB behind a proxy that accepts
 * only requests signed with those credentials.
 *
 * <p>Start one per configuration ({@link #function}) and invoke it as often as needed: one JVM start costs one or
 * two seconds. Every failure (init, a crash, a timeout, an unexpected answer) carries the function's own log lines.
 */
public final class LambdaSandbox implements AutoCloseable {
    /** Generous: init is a JVM start plus the function's constructor (and SnapStart priming) on a shared machine. */
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(90);
    /** Waited on top of the template's Timeout before an invocation counts as hung. */
    private static final Duration INVOKE_GRACE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxParts parts;
    private final TemplateFunction function;
    private final RuntimeApi runtimeApi;
    private List<DynamoDbRequest> initTraffic = List.of();

    LambdaSandbox(SandboxParts parts) {
        this.parts = parts;
        this.function = parts.function();
        this.runtimeApi = parts.runtimeApi();
    }

    /** Starts configuring a sandbox for the template's function {@code logicalId}. */
    public static SandboxBuilder function(String logicalId) {
        return new SandboxBuilder(logicalId);
    }

    /** Hands the function one event and waits (the template's Timeout, plus some) for its answer. */
    public Invocation invoke(JsonNode event) {
        try {
            return invoke(JSON.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Invocation invoke(byte[] event) {
        CompletableFuture<RuntimeApi.Reply> reply = runtimeApi.submit(event);
        Duration limit = Duration.ofSeconds(function.timeoutSeconds()).plus(INVOKE_GRACE);
        await(CompletableFuture.anyOf(reply, parts.process().onExit()), limit, "an answer to the event");
        if (!reply.isDone()) {
            throw new AssertionError(function.logicalId() + " exited while handling an event\n" + report());
        }
        RuntimeApi.Reply answer = reply.join();
        long[] exchanged = runtimeApi.exchangeNanos(answer.requestId());
        return new Invocation(answer, this::report,
                exchanged == null ? null : Duration.ofNanos(exchanged[1] - exchanged[0]));
    }

    /** How long this sandbox took from starting its JVM to asking for its first event, split as Lambda reports it. */
    public StartTimes startTimes() {
        long started = parts.process().startedNanos();
        long ready = runtimeApi.firstNextNanos();
        long restore = runtimeApi.restoreNextNanos();
        if (restore == 0) {
            return new StartTimes(Duration.ofNanos(ready - started), Optional.empty());
        }
        return new StartTimes(Duration.ofNanos(restore - started), Optional.of(Duration.ofNanos(ready - restore)));
    }

    public TemplateFunction function() {
        return function;
    }

    public InitType initType() {
        return parts.initType();
    }

    /** The environment the tier handed the process. */
    public Map<String, String> environment() {
        return parts.environment();
    }

    /** The environment the running process actually has, read back from the operating system. */
    public Map<String, String> processEnvironment() {
        return parts.process().liveEnvironment();
    }

    public LogLines logs() {
        return parts.logs();
    }

    public ExecutionRoleCredentials credentials() {
        return parts.credentials();
    }

    /** Every DynamoDB request of this function; open a window to count what one action caused. */
    public DynamoDbRequests dynamoDb() {
        return parts.proxy().requests();
    }

    /** The DynamoDB requests made during init (for SnapStart: before the snapshot, i.e. by priming). */
    public List<DynamoDbRequest> initTraffic() {
        return initTraffic;
    }

    /** Whether the runtime client ran a checkpoint: it asks for the restore only after its beforeCheckpoint hooks. */
    public boolean restoreRequested() {
        return runtimeApi.restoreRequested().isDone();
    }

    /** Which function this is, how it runs, and everything it printed: for failure messages. */
    public String report() {
        FunctionProcess process = parts.process();
        return function.logicalId() + " (" + function.zip().getFileName() + ", " + parts.initType().value()
                + ", handler " + function.handler() + ", template architecture " + function.architecture()
                + ", run on " + System.getProperty("os.arch") + " by " + parts.java()
                + (process.isAlive() ? "" : ", exited with " + process.exitValue()) + ")\n"
                + parts.logs().report();
    }

    /** Returns once init (and, for SnapStart, the checkpoint and restore) is over; fails with the logs if not. */
    void awaitInit() {
        await(CompletableFuture.anyOf(runtimeApi.ready(), runtimeApi.initError(), runtimeApi.restoreError(),
                parts.process().onExit()), INIT_TIMEOUT, "the end of init");
        if (runtimeApi.initError().isDone()) {
            throw new AssertionError(function.logicalId() + " failed its init: "
                    + runtimeApi.initError().join().body() + "\n" + report());
        }
        if (runtimeApi.restoreError().isDone()) {
            throw new AssertionError(function.logicalId() + " failed its restore: "
                    + runtimeApi.restoreError().join().body() + "\n" + report());
        }
        if (!runtimeApi.ready().isDone()) {
            throw new AssertionError(function.logicalId() + " exited during init\n" + report());
        }
        if (parts.initType() == InitType.SNAP_START && !restoreRequested()) {
            throw new AssertionError(function.logicalId() + " asked for its first event without a checkpoint: the "
                    + "runtime client never called restore/next\n" + report());
        }
        initTraffic = parts.proxy().requests().all();
    }

    private void await(CompletableFuture<?> outcome, Duration limit, String what) {
        try {
            outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(function.logicalId() + " gave no sign of " + what + " within " + limit + "\n"
                    + report());
        } catch (ExecutionException e) {
            throw new AssertionError(function.logicalId() + ": " + e.getCause() + "\n" + report(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /**
     * Stops the function and its endpoints, keeps its output in {@code function.log} beside where it ran, and fails
     * if the function wrote to its read-only task root.
     */
    @Override
    public void close() {
        parts.process().close();
        runtimeApi.close();
        parts.proxy().close();
        parts.credentials().close();
        try {
            Files.writeString(parts.directory().resolve("function.log"), String.join("\n", parts.logs().all()) + "\n",
                    StandardCharsets.UTF_8);
            parts.taskRoot().assertUnchanged();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            parts.taskRoot().close();
        }
    }
}
