package dev.tokengate.testkit.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Executables that behave like the tools just enough for discovery: they print versions and fail like the real ones. */
final class FakeTools {
    /** What a fake python3 does when asked for {@code venv} and {@code ensurepip}. */
    enum VenvModule {
        /** present: {@code import venv, ensurepip} works ({@code -m venv} itself is not faked) */
        PRESENT,
        /** missing as on Debian without python3-venv: the import fails and {@code -m venv} exits 1 saying so */
        DEBIAN_WITHOUT_PYTHON3_VENV
    }

    private FakeTools() {
    }

    static Path script(Path dir, String name, String body) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.writeString(file, body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cfn-lint that answers {@code --version} as cfn-lint 1.x does. */
    static Path cfnLint(Path dir, String version) {
        return script(dir, "cfn-lint", "#!/bin/sh\necho \"cfn-lint " + version + "\"\n");
    }

    /**
     * A python answering ToolLocator's probe ({@code -c <script> <distribution>...}) with its version and, per
     * distribution, the given version or "-" when it is not installed.
     */
    static Path python(Path dir, String name, String pythonVersion, Map<String, String> installed, VenvModule venv) {
        StringBuilder cases = new StringBuilder();
        installed.forEach((distribution, version) ->
                cases.append("      ").append(distribution).append(") echo \"$d ").append(version).append("\" ;;\n"));
        String venvImport = venv == VenvModule.PRESENT ? "exit 0"
                : "echo \"ModuleNotFoundError: No module named 'ensurepip'\" >&2; exit 1";
        return script(dir, name, String.join("\n",
                "#!/bin/sh",
                "if [ \"$1\" = -m ] && [ \"$2\" = venv ]; then",
                // Debian's words and exit code when python3-venv is missing
                "  echo 'The virtual environment was not created successfully because ensurepip is not'",
                "  echo 'available.  On Debian/Ubuntu systems, you need to install the python3-venv'",
                "  echo 'package using the following command.'",
                "  echo '    apt install python3.11-venv'",
                "  exit 1",
                "fi",
                "if [ \"$1\" = -c ] && [ \"$2\" = 'import venv, ensurepip' ]; then " + venvImport + "; fi",
                "if [ \"$1\" = -c ]; then",
                "  shift 2",
                "  echo \"python " + pythonVersion + "\"",
                "  for d in \"$@\"; do",
                "    case \"$d\" in",
                cases + "      *) echo \"$d -\" ;;",
                "    esac",
                "  done",
                "  exit 0",
                "fi",
                "exit 2",
                ""));
    }

    static Map<String, String> installed(String... distributionAndVersion) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < distributionAndVersion.length; i += 2) {
            map.put(distributionAndVersion[i], distributionAndVersion[i + 1]);
        }
        return map;
    }

    /**
     * A wheel pip installs without any index: a distribution {@code name} at {@code version} whose console script
     * {@code script} (if not null) prints "{@code name version}".
     */
    static Path wheel(Path dir, String name, String version, String script) {
        String project = name.replace('-', '_');
        String module = project + "_fake";
        String info = project + "-" + version + ".dist-info/";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(module + "/__init__.py", "def main():\n    print('" + name + " " + version + "')\n");
        files.put(info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        files.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: tokengate-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        if (script != null) {
            files.put(info + "entry_points.txt", "[console_scripts]\n" + script + " = " + module + ":main\n");
        }
        StringBuilder record = new StringBuilder();
        files.keySet().forEach(path -> record.append(path).append(",,\n"));
        files.put(info + "RECORD", record + info + "RECORD,,\n");
        try {
            Files.createDirectories(dir);
            Path wheel = dir.resolve(project + "-" + version + "-py3-none-any.whl");
            try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    zip.putNextEntry(new ZipEntry(file.getKey()));
                    zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            return wheel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path requirements(Path dir, List<String> lines) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("python-requirements.txt"), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A venv as the build leaves it: the tool in venv/bin and the digest of the requirements it was filled from. */
    static void readyVenv(Path home, Path requirements, String tool, String version) {
        versionScript(home.resolve("venv").resolve("bin"), tool, version);
        try {
            Files.writeString(home.resolve("ready"), PinnedRequirements.read(requirements).digest() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void versionScript(Path dir, String tool, String version) {
        script(dir, tool, "#!/bin/sh\necho \"" + tool + " " + version + "\"\n");
    }
}
