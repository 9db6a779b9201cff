package dev.tokengate.testkit.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Whether a tool found on PATH fits its pin, asked the way each tool can answer. */
final class FitCheck {
    private static final Pattern PYTHON = Pattern.compile("python[0-9.]*");
    private static final List<String> MOTO_SERVER_NEEDS = List.of("flask", "flask-cors"); // moto's [server] extra
    private static final Version TOMLLIB_SINCE = Version.of("3.11");

    private final SearchPath path;

    /** The answer, and what was seen, for the message if nothing fits. */
    record Verdict(boolean fits, String description) {
    }

    FitCheck(SearchPath path) {
        this.path = path;
    }

    Verdict check(Tool tool, Path candidate, Version pin) {
        return switch (tool) {
            case CFN_LINT -> cfnLint(candidate, pin);
            case MOTO_SERVER -> motoServer(candidate, pin);
            case SAM_TRANSLATOR_PYTHON -> samPython(candidate, pin);
        };
    }

    private Verdict cfnLint(Path candidate, Version pin) {
        ChildProcess.Result result = ChildProcess.run(List.of(candidate.toString(), "--version"), PythonProbe.LIMIT, null);
        Optional<Version> version = result.succeeded() ? Version.find(result.output()) : Optional.empty();
        return version
                .map(v -> new Verdict(v.fits(pin), candidate + " is " + v + (v.fits(pin) ? "" : ", needs " + pin.range())))
                .orElseGet(() -> new Verdict(false, candidate + " did not tell its version: " + result.tail()));
    }

    private Verdict motoServer(Path candidate, Version pin) {
        // moto_server has no --version: ask the Python it runs with (its #! line; for a wrapper such as pyenv's
        // shims, the python3 on the same PATH, which is the one such wrappers run).
        Optional<Path> python = interpreterOf(candidate).or(() -> path.first("python3"));
        if (python.isEmpty()) {
            return new Verdict(false, candidate + ": cannot tell which Python runs it, so not its moto version");
        }
        List<String> asked = new ArrayList<>(List.of("moto"));
        asked.addAll(MOTO_SERVER_NEEDS);
        PythonProbe probe;
        try {
            probe = PythonProbe.of(python.get(), asked);
        } catch (PythonProbe.Failure e) {
            return new Verdict(false, candidate + ": " + e.getMessage());
        }
        Optional<Version> moto = probe.version("moto");
        if (moto.isEmpty()) {
            return new Verdict(false, candidate + " runs with " + python.get() + ", which has no moto");
        }
        List<String> lacking = MOTO_SERVER_NEEDS.stream().filter(d -> probe.version(d).isEmpty()).toList();
        if (!lacking.isEmpty()) {
            return new Verdict(false, candidate + " is moto " + moto.get() + " without " + String.join(", ", lacking)
                    + " (moto[server])");
        }
        boolean fits = moto.get().fits(pin);
        return new Verdict(fits, candidate + " is moto " + moto.get() + (fits ? "" : ", needs " + pin.range()));
    }

    private Verdict samPython(Path candidate, Version pin) {
        PythonProbe probe;
        try {
            probe = PythonProbe.of(candidate, List.of("aws-sam-translator", "tomli"));
        } catch (PythonProbe.Failure e) {
            return new Verdict(false, e.getMessage());
        }
        Optional<Version> translator = probe.version("aws-sam-translator");
        if (translator.isEmpty()) {
            return new Verdict(false, candidate + " (Python " + probe.python() + ") has no aws-sam-translator");
        }
        // sam_transform.py reads samconfig.toml with tomllib (Python 3.11+) or, before 3.11, tomli.
        if (probe.python().compareTo(TOMLLIB_SINCE) < 0 && probe.version("tomli").isEmpty()) {
            return new Verdict(false, candidate + " is Python " + probe.python() + " without tomli");
        }
        boolean fits = translator.get().fits(pin);
        return new Verdict(fits, candidate + " has aws-sam-translator " + translator.get()
                + (fits ? "" : ", needs " + pin.range()));
    }

    /** The Python named by a script's #! line, or by pip's /bin/sh trampoline for long paths. */
    private Optional<Path> interpreterOf(Path script) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(script, StandardCharsets.ISO_8859_1)) {
            for (int i = 0; i < 2; i++) {
                String line = reader.readLine();
                if (line != null && line.length() < 4096) {
                    lines.add(line);
                }
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("#!")) {
            return Optional.empty();
        }
        List<String> words = List.of(lines.get(0).substring(2).strip().split("\\s+"));
        if (words.get(0).endsWith("/sh") && lines.size() > 1 && lines.get(1).startsWith("'''exec' ")) {
            words = List.of(lines.get(1).substring("'''exec' ".length()).strip().split("\\s+"));
        }
        String first = words.get(0);
        if (first.endsWith("/env")) {
            return words.stream().skip(1).filter(w -> !w.startsWith("-")).findFirst()
                    .filter(name -> PYTHON.matcher(name).matches())
                    .flatMap(path::first);
        }
        Path interpreter = Path.of(first);
        return PYTHON.matcher(String.valueOf(interpreter.getFileName())).matches()
                && SearchPath.isExecutableFile(interpreter) ? Optional.of(interpreter) : Optional.empty();
    }
}
