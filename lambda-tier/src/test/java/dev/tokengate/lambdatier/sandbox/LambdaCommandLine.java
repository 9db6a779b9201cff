package dev.tokengate.lambdatier.sandbox;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JVM command line of Lambda's managed Java runtime, as its bootstrap builds it (captured from a real java17
 * sandbox; java21's is the same): a heap of about 85% of the function's memory, serial GC, C1 only, the class
 * data sharing archive if there is one, and {@code org.crac.Core.Compat} pointing the function's {@code org.crac}
 * at the runtime client's own CRaC context (that is how SnapStart hooks registered by the function run).
 */
final class LambdaCommandLine {
    static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private LambdaCommandLine() {
    }

    static List<String> of(Path java, int memoryMb, RuntimeJars runtime, Path nativeClient, String handler) {
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-XX:MaxHeapSize=" + (memoryMb * 1024L * 85 / 100) + "k",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr",
                // Not on Lambda's command line: see RuntimeJars.unpackNativeClient.
                "-D" + RuntimeJars.NATIVE_CLIENT_PROPERTY + "=" + nativeClient,
                "-classpath",
                runtime.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                RUNTIME_CLIENT_MAIN));
        command.add(handler);
        return command;
    }

    /** The JVM to run: {@code -Dlambda.tier.java=...} if given, else the one running the tests. */
    static Path java() {
        String configured = System.getProperty("lambda.tier.java", "");
        return configured.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java") : Path.of(configured);
    }
}
