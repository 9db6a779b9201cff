package dev.tokengate.testkit.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the Python tools the checks rely on (cfn-lint, aws-sam-translator). A missing tool fails the check
 * with the install command, never a silent skip: a template nobody linted must not look green.
 */
public final class ExternalCommand {
    public static final String INSTALL_HINT = "pip install cfn-lint aws-sam-translator";
    private static final long TIMEOUT_SECONDS = 180;

    /** What a finished command printed (stdout and stderr merged) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private ExternalCommand() {
    }

    public static Result run(Path workingDirectory, List<String> command) {
        Path log = ProjectLayout.work("logs").resolve(Path.of(command.get(0)).getFileName() + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("could not run '" + command.get(0) + "' (" + e.getMessage() + "): install it with '"
                    + INSTALL_HINT + "'", e);
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command.get(0), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
