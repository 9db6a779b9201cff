package dev.tokengate.testkit.tools;

import dev.tokengate.testkit.template.ProjectLayout;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The Python tools of this process, found once per JVM by a {@link ToolLocator} over the process environment, the
 * repository's {@code build/python-requirements.txt} and its project venv {@code .venv-tools/}. Used by
 * {@code MotoServer}, the template checks' {@code ExternalCommand} and the local runner.
 */
public final class PythonTools {
    /** The pinned requirements, relative to the repository root. */
    public static final String REQUIREMENTS = "build/python-requirements.txt";
    /** The project venv, relative to the repository root (git-ignored; outside target/, so mvn clean keeps it). */
    public static final String VENV = ".venv-tools";

    private static final Map<Tool, ToolLocator.Located> FOUND = new EnumMap<>(Tool.class);
    private static ToolLocator locator;

    private PythonTools() {
    }

    /**
     * The executable to run for {@code tool}.
     *
     * @throws MissingToolException if it is neither found nor installable; its message says what to do
     */
    public static Path executable(Tool tool) {
        return locate(tool).executable();
    }

    public static synchronized ToolLocator.Located locate(Tool tool) {
        ToolLocator.Located located = FOUND.get(tool);
        if (located == null) {
            if (locator == null) {
                Path root = ProjectLayout.root();
                locator = new ToolLocator(System.getenv(), root.resolve(REQUIREMENTS), root.resolve(VENV));
            }
            located = locator.locate(tool);
            FOUND.put(tool, located);
        }
        return located;
    }
}
