package dev.tokengate.testkit.template;

import dev.tokengate.testkit.tools.PythonTools;
import dev.tokengate.testkit.tools.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the Python tools the checks rely on (cfn-lint, aws-sam-translator). The command names the tool as on
 * PATH ({@code cfn-lint}, or {@code python3} for the SAM transform's interpreter); {@link PythonTools} decides which
 * executable that is, installing the pinned tools into the project venv if need be. A missing tool fails the check
 * with what to install, never a silent skip: a template nobody linted must not look green.
 */
public final class ExternalCommand {
    public static final String INSTALL_HINT = "pip install -r " + PythonTools.REQUIREMENTS;
    private static final long TIMEOUT_SECONDS = 180;

    /** What a finished command printed (stdout and stderr merged) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private ExternalCommand() {
    }

    public static Result run(Path workingDirectory, List<String> command) {
        Path log = ProjectLayout.work("logs").resolve(Path.of(command.get(0)).getFileName() + ".log");
        List<String> resolved = new ArrayList<>(command);
        Tool.forCommand(command.get(0)).ifPresent(tool -> resolved.set(0, PythonTools.executable(tool).toString()));
        Process process;
        try {
            process = new ProcessBuilder(resolved)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("could not run '" + resolved.get(0) + "' (" + e.getMessage() + "): "
                    + INSTALL_HINT, e);
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", resolved) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + resolved.get(0), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
