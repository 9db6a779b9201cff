package dev.tokengate.testkit.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final Map<String, String> environment;
    private final SearchPath path;
    private final FitCheck fitCheck;
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
        this.path = new SearchPath(environment.get("PATH"));
        this.fitCheck = new FitCheck(path);
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
        for (Path candidate : path.all(tool.command())) {
            FitCheck.Verdict verdict = fitCheck.check(tool, candidate, pin);
            if (verdict.fits()) {
                return new Located(tool, candidate, Source.PATH, verdict.description());
            }
            seen.add(verdict.description());
        }
        if (venv.ready(tool)) {
            return new Located(tool, venv.executable(tool), Source.PROJECT_VENV, "project venv " + venv.home());
        }
        try {
            boolean built = venv.build(path.first("python3"));
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
                ? Optional.of(Path.of(value).toAbsolutePath()).filter(SearchPath::isExecutableFile)
                : path.first(value);
        // An explicit choice that does not work is an error, not a reason to quietly run something else.
        return Optional.of(executable
                .map(found -> new Located(tool, found, Source.VARIABLE, tool.variable() + "=" + value))
                .orElseThrow(() -> new MissingToolException(tool.variable() + "=" + value + " is not an executable "
                        + "file. Point it at the " + tool.command() + " to use, or unset it to let the build find "
                        + "or install " + tool.command() + " (README, \"Python tools\").")));
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
