package dev.tokengate.revoke.handler;

import dev.tokengate.testkit.LambdaInvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cold start of the function, one run: a fresh JVM builds the handler through its production no-arg constructor
 * (configuration from the environment, as in Lambda) and serves one event. Not a test; run it from the zip layout
 * against a local DynamoDB (see revoke-fn/README.md, "Cold start"). Prints one JSON line.
 */
public final class ColdStart {
    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        long initStart = System.nanoTime();
        RevokeApiHandler handler = new RevokeApiHandler();
        long initEnd = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new LambdaInvocationContext("RevokeApiFunction", 10_000));
        long firstEnd = System.nanoTime();
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        long sinceJvmStart = System.currentTimeMillis() - jvmStartMillis;
        String response = out.toString(StandardCharsets.UTF_8);
        System.out.println("{\"event\":\"cold_start\",\"initMs\":" + (initEnd - initStart) / 1_000_000
                + ",\"firstRequestMs\":" + (firstEnd - initEnd) / 1_000_000
                + ",\"jvmStartToFirstResponseMs\":" + sinceJvmStart
                + ",\"status\":" + response.replaceAll("(?s).*\"statusCode\":(\\d+).*", "$1") + "}");
    }
}
