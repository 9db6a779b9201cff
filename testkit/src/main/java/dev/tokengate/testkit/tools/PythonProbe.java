package dev.tokengate.testkit.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one Python interpreter is: its version and the installed versions of the distributions asked about. */
record PythonProbe(Path interpreter, Version python, Map<String, Optional<Version>> distributions) {
    static final Duration LIMIT = Duration.ofSeconds(120);

    // importlib.metadata reads what pip installed without importing the packages: fast, and no side effects.
    private static final String SCRIPT = String.join("\n",
            "import sys, importlib.metadata as m",
            "print('python', '%d.%d.%d' % sys.version_info[:3])",
            "for d in sys.argv[1:]:",
            "    try:",
            "        print(d, m.version(d))",
            "    except m.PackageNotFoundError:",
            "        print(d, '-')");

    /** The interpreter could not answer (not Python 3.8+, or it failed to run); the message says why. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    static PythonProbe of(Path interpreter, List<String> distributions) throws Failure {
        List<String> command = new ArrayList<>(List.of(interpreter.toString(), "-c", SCRIPT));
        command.addAll(distributions);
        ChildProcess.Result result = ChildProcess.run(command, LIMIT, null);
        if (!result.succeeded()) {
            throw new Failure(interpreter + " did not answer as a Python 3.8+ would (exit " + result.exitCode() + "): "
                    + result.tail());
        }
        Version python = null;
        Map<String, Optional<Version>> found = new LinkedHashMap<>();
        for (String line : result.output().split("\\R")) {
            String[] words = line.strip().split("\\s+");
            if (words.length != 2) {
                continue;
            }
            if (words[0].equals("python")) {
                python = Version.find(words[1]).orElse(null);
            } else if (distributions.contains(words[0])) {
                found.put(words[0], words[1].equals("-") ? Optional.empty() : Version.find(words[1]));
            }
        }
        if (python == null) {
            throw new Failure(interpreter + " did not print its version: " + result.tail());
        }
        distributions.forEach(d -> found.putIfAbsent(d, Optional.empty()));
        return new PythonProbe(interpreter, python, found);
    }

    Optional<Version> version(String distribution) {
        return distributions.getOrDefault(distribution, Optional.empty());
    }
}
