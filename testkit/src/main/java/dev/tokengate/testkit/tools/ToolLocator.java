package dev.tokengate.testkit.tools;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds a Python tool, in this order, and says where it came from:
 * <ol>
 *   <li>the tool's variable ({@code MOTO_SERVER}, {@code CFN_LINT}, {@code TOKENGATE_PYTHON}), used as it is;</li>
 *   <li>PATH, the first one whose version fits its pin in {@code build/python-requirements.txt} (same major
 *       version, not older: {@link Version#fits});</li>
 *   <li>the project venv ({@code .venv-tools/}), if it was filled from the current requirements;</li>
 *   <li>the project venv, made now with {@code python3 -m venv} and {@code pip install -r};</li>
 *   <li>otherwise one {@link MissingToolException} that says what was tried and what to install.</li>
 * </ol>
 * Variables and PATH are read from the map given; the probes themselves run with this JVM's environment.
 */
public final class ToolLocator {
    private static final Pattern PYTHON = Pattern.compile("python[0-9.]*");
    private static final List<String> MOTO_SERVER_NEEDS = List.of("flask", "flask-cors"); // moto's [server] extra

    private final Map<String, String> environment;
    private final PinnedRequirements requirements;
    private final ProjectVenv venv;

    /** Where a tool came from. */
    public enum Source {
        /** the tool's variable named it */
        VARIABLE,
        /** PATH had one whose version fits */
        PATH,
        /** the project venv had it already */
        PROJECT_VENV,
        /** the project venv was made for it just now */
        INSTALLED
    }

    /** A tool found: its executable, where it came from, and what was seen (its version, when it was checked). */
    public record Located(Tool tool, Path executable, Source source, String description) {
    }

    /**
     * @param environment   where the variables and PATH are read (the process environment, or a test's map)
     * @param requirements  the pinned requirements file ({@code build/python-requirements.txt})
     * @param venvHome      where the project venv lives or will be made ({@code .venv-tools})
     */
    public ToolLocator(Map<String, String> environment, Path requirements, Path venvHome) {
        this.environment = Map.copyOf(environment);
        this.requirements = PinnedRequirements.read(requirements);
        this.venv = new ProjectVenv(venvHome, this.requirements);
    }

    public Located locate(Tool tool) {
        Optional<Located> explicit = fromVariable(tool);
        if (explicit.isPresent()) {
            return explicit.get();
        }
        List<String> seen = new ArrayList<>();
        Version pin = requirements.pin(tool.distribution());
        for (Path candidate : onPath(tool.command())) {
            Verdict verdict = check(tool, candidate, pin);
            if (verdict.fits()) {
                return new Located(tool, candidate, Source.PATH, verdict.description());
            }
            seen.add(verdict.description());
        }
        if (venv.ready(tool)) {
            return new Located(tool, venv.executable(tool), Source.PROJECT_VENV, "project venv " + venv.home());
        }
        try {
            boolean built = venv.build(onPath("python3").stream().findFirst());
            if (venv.ready(tool)) {
                return new Located(tool, venv.executable(tool), built ? Source.INSTALLED : Source.PROJECT_VENV,
                        "project venv " + venv.home());
            }
            throw new ProjectVenv.Failure("the venv was filled from " + requirements.file() + " but has no "
                    + venv.executable(tool).getFileName() + ": does the file still list " + tool.distribution() + "?");
        } catch (ProjectVenv.Failure failure) {
            throw new MissingToolException(missing(tool, pin, seen, failure.getMessage()));
        }
    }

    private Optional<Located> fromVariable(Tool tool) {
        String value = environment.get(tool.variable());
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<Path> executable = value.contains("/")
                ? Optional.of(Path.of(value).toAbsolutePath()).filter(ToolLocator::isExecutableFile)
                : onPath(value).stream().findFirst();
        // An explicit choice that does not work is an error, not a reason to quietly run something else.
        return Optional.of(executable
                .map(path -> new Located(tool, path, Source.VARIABLE, tool.variable() + "=" + value))
                .orElseThrow(() -> new MissingToolException(tool.variable() + "=" + value + " is not an executable "
                        + "file. Point it at the " + tool.command() + " to use, or unset it to let the build find "
                        + "or install " + tool.command() + " (README, \"Python tools\").")));
    }

    private record Verdict(boolean fits, String description) {
    }

    private Verdict check(Tool tool, Path candidate, Version pin) {
        return switch (tool) {
            case CFN_LINT -> checkCfnLint(candidate, pin);
            case MOTO_SERVER -> checkMotoServer(candidate, pin);
            case SAM_TRANSLATOR_PYTHON -> checkSamPython(candidate, pin);
        };
    }

    private Verdict checkCfnLint(Path candidate, Version pin) {
        ChildProcess.Result result = ChildProcess.run(List.of(candidate.toString(), "--version"), PythonProbe.LIMIT, null);
        Optional<Version> version = result.succeeded() ? Version.find(result.output()) : Optional.empty();
        return version
                .map(v -> new Verdict(v.fits(pin), candidate + " is " + v + (v.fits(pin) ? "" : ", needs " + pin.range())))
                .orElseGet(() -> new Verdict(false, candidate + " did not tell its version: " + result.tail()));
    }

    private Verdict checkMotoServer(Path candidate, Version pin) {
        // moto_server has no --version: ask the Python it runs with (its #! line; for a wrapper such as pyenv's
        // shims, the python3 on the same PATH, which is the one such wrappers run).
        Optional<Path> python = interpreterOf(candidate).or(() -> onPath("python3").stream().findFirst());
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

    private Verdict checkSamPython(Path candidate, Version pin) {
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
        if (probe.python().compareTo(Version.of("3.11")) < 0 && probe.version("tomli").isEmpty()) {
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
                    .flatMap(name -> onPath(name).stream().findFirst());
        }
        Path interpreter = Path.of(first);
        return PYTHON.matcher(String.valueOf(interpreter.getFileName())).matches() && isExecutableFile(interpreter)
                ? Optional.of(interpreter) : Optional.empty();
    }

    /** Every executable called {@code name} on PATH, in PATH's order. */
    private List<Path> onPath(String name) {
        Set<Path> found = new LinkedHashSet<>();
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name).toAbsolutePath().normalize();
            if (isExecutableFile(candidate)) {
                found.add(candidate);
            }
        }
        return List.copyOf(found);
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    private String missing(Tool tool, Version pin, List<String> seen, String why) {
        String wanted = tool == Tool.MOTO_SERVER ? "moto[server] " : tool.distribution() + " ";
        return tool.command() + " (" + wanted + pin.range() + "), " + tool.purpose() + ", was not found, and the "
                + "project venv " + venv.home() + " could not be made: " + why + ".\n"
                + "Looked for: " + tool.variable() + " (not set); " + tool.command() + " on PATH: "
                + (seen.isEmpty() ? "none" : String.join("; ", seen)) + ".\n"
                + "With Python 3 and its venv module installed, the build installs the pinned tools into the "
                + "project venv by itself (README, \"Python tools\"). Alternatively install them yourself "
                + "(pip install -r " + requirements.file() + ") or set " + tool.variable() + ".";
    }
}
