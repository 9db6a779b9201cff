package dev.tokengate.testkit.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a probe or an installation step to its end and keeps what it printed (stdout and stderr together). */
final class ChildProcess {
    /** What a finished process printed; exit code -1 when it could not be started or did not finish. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** The last lines, for a message. */
        String tail() {
            String text = output.strip();
            return text.length() > 1500 ? "..." + text.substring(text.length() - 1500) : text;
        }
    }

    private ChildProcess() {
    }

    /**
     * Runs {@code command} with the environment of this JVM. Output goes through a file, not a pipe, so a chatty
     * child never blocks on a full pipe; {@code log}, if given, keeps it (appended), else a temp file is used.
     */
    static Result run(List<String> command, Duration limit, Path log) {
        Path out = null;
        try {
            out = log != null ? log : Files.createTempFile("tokengate-tool-", ".out");
            long start = log != null && Files.exists(log) ? Files.size(log) : 0;
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
            }
            byte[] all = Files.readAllBytes(out);
            String text = new String(all, (int) Math.min(start, all.length), all.length - (int) Math.min(start, all.length),
                    StandardCharsets.UTF_8);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            return new Result(-1, "could not run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted while running " + command.get(0));
        } finally {
            if (log == null && out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
