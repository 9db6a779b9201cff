package dev.tokengate.testkit.tools;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The project's own Python virtual environment ({@code .venv-tools/} at the repository root), made with the
 * system's {@code python3 -m venv} and filled with {@code pip install -r build/python-requirements.txt}.
 *
 * <p>It lives outside every {@code target/} so that {@code mvn clean} keeps it: filling it downloads the tools.
 * {@code .venv-tools/ready} holds the digest of the requirements it was filled from; a venv without it (half made,
 * or made from other pins) is rebuilt. The build is guarded by a file lock, so test JVMs started in parallel build it
 * once: the ones that waited find it ready.
 */
final class ProjectVenv {
    /** moto 5.2, cfn-lint 1.x and aws-sam-translator 1.110 all declare Requires-Python >= 3.10. */
    static final Version MIN_PYTHON = Version.of("3.10");
    private static final Duration VENV_LIMIT = Duration.ofMinutes(5);
    private static final Duration PIP_LIMIT = Duration.ofMinutes(30);
    private static final Object IN_THIS_JVM = new Object();

    private final Path home;
    private final PinnedRequirements requirements;

    /** Why the venv could not be made, and what the user can do about it. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    ProjectVenv(Path home, PinnedRequirements requirements) {
        this.home = home.toAbsolutePath().normalize();
        this.requirements = requirements;
    }

    Path home() {
        return home;
    }

    Path executable(Tool tool) {
        return home.resolve("venv").resolve("bin").resolve(tool.venvName());
    }

    /** Filled from exactly the current requirements, and has this tool. */
    boolean ready(Tool tool) {
        return ready() && Files.isExecutable(executable(tool));
    }

    private boolean ready() {
        try {
            return Files.readString(home.resolve("ready"), StandardCharsets.UTF_8).strip().equals(requirements.digest());
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * Makes and fills the venv unless another thread or process did while this one waited for the lock.
     *
     * @param python3 the system's python3, if PATH has one
     * @return true if this call built it
     */
    boolean build(Optional<Path> python3) throws Failure {
        synchronized (IN_THIS_JVM) { // a file lock is held per process: threads of one JVM queue here first
            try {
                Files.createDirectories(home);
            } catch (IOException e) {
                throw new Failure("cannot create " + home + ": " + e.getMessage());
            }
            try (FileChannel channel = FileChannel.open(home.resolve("install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock(); // waits for another JVM's install; released when the channel closes
                if (ready()) {
                    return false;
                }
                fill(python3.orElseThrow(() -> new Failure("python3 is not on PATH. Install Python "
                        + MIN_PYTHON + " or newer with its venv module (Debian/Ubuntu: apt-get install python3 "
                        + "python3-venv; Fedora: dnf install python3; macOS: brew install python)")));
                return true;
            } catch (IOException e) {
                throw new Failure("cannot lock " + home.resolve("install.lock") + ": " + e.getMessage());
            }
        }
    }

    private void fill(Path python3) throws Failure, IOException {
        PythonProbe probe;
        try {
            probe = PythonProbe.of(python3, List.of());
        } catch (PythonProbe.Failure e) {
            throw new Failure(e.getMessage());
        }
        if (probe.python().compareTo(MIN_PYTHON) < 0) {
            throw new Failure("python3 (" + python3 + ") is Python " + probe.python() + "; the pinned tools need "
                    + MIN_PYTHON + " or newer. Install a newer Python 3 (with its venv module) first on PATH");
        }
        // Debian and Ubuntu ship venv's ensurepip in a separate package; without it `python3 -m venv` fails
        // half-way. Asking first gives the one useful message instead of a broken directory.
        if (!ChildProcess.run(List.of(python3.toString(), "-c", "import venv, ensurepip"), PythonProbe.LIMIT, null)
                .succeeded()) {
            throw new Failure("python3 (" + python3 + ", Python " + probe.python() + ") has no venv module with "
                    + "ensurepip. Install it (Debian/Ubuntu: apt-get install python3-venv)");
        }
        Files.deleteIfExists(home.resolve("ready"));
        Path log = home.resolve("install.log");
        System.err.println("tokengate: installing the pinned Python tools (" + requirements.file().getFileName()
                + ") into " + home + ", once; log: " + log);
        ChildProcess.Result venv = ChildProcess.run(
                List.of(python3.toString(), "-m", "venv", "--clear", home.resolve("venv").toString()), VENV_LIMIT, log);
        if (!venv.succeeded()) {
            throw new Failure("`python3 -m venv` failed (exit " + venv.exitCode() + "): " + venv.tail());
        }
        ChildProcess.Result pip = ChildProcess.run(List.of(executable(Tool.SAM_TRANSLATOR_PYTHON).toString(),
                "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                "-r", requirements.file().toString()), PIP_LIMIT, log);
        if (!pip.succeeded()) {
            throw new Failure("pip could not install " + requirements.file() + " (exit " + pip.exitCode()
                    + "; it needs the Python package index, or PIP_INDEX_URL naming a mirror): " + pip.tail());
        }
        Files.writeString(home.resolve("ready"), requirements.digest() + "\n", StandardCharsets.UTF_8);
        System.err.println("tokengate: Python tools installed in " + home);
    }
}
