package dev.tokengate.lambdatier.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The function's JVM: started in the task root with exactly the environment given (nothing inherited from the
 * machine), its stdout and stderr read line by line into {@link LogLines}, stopped at close.
 */
final class FunctionProcess implements AutoCloseable {
    private final Process process;
    private final long startedNanos;

    private FunctionProcess(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
    }

    static FunctionProcess start(List<String> command, Map<String, String> environment, Path workingDirectory,
                                 LogLines logs) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        long startedNanos = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        Thread reader = new Thread(() -> pump(process, logs), "function-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return new FunctionProcess(process, startedNanos);
    }

    /** {@link System#nanoTime()} just before the process was started: where a cold start begins. */
    long startedNanos() {
        return startedNanos;
    }

    private static void pump(Process process, LogLines logs) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                logs.add(line);
            }
        } catch (IOException streamClosed) {
            // the process was stopped: nothing more to read
        } finally {
            logs.end();
        }
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** The environment the running process really has (Linux: {@code /proc/<pid>/environ}), not what was asked. */
    Map<String, String> liveEnvironment() {
        byte[] raw;
        try {
            raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the environment of process " + process.pid(), e);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return environment;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
