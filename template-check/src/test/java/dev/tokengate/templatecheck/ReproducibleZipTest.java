package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.testkit.template.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One commit builds byte-identical zips anywhere. This builds the function zips a second time, from a fresh copy of
 * the sources in another directory (new file times, group-writable files as a umask-002 checkout makes them), in
 * another time zone and locale, and compares every release artifact's SHA-256 with the reactor's. An unchanged zip
 * is what lets {@code sam deploy} upload nothing and publish no new Lambda version: SAM names the S3 object by the
 * zip's MD5.
 *
 * <p>The second build runs the Maven that runs this one, on the same local repository, offline when this one is:
 * everything it needs was resolved by the reactor build a moment ago.
 */
class ReproducibleZipTest {
    private static final Set<String> NOT_SOURCES = Set.of("target", ".git", ".idea", "node_modules", "__pycache__",
            ".aws-sam");
    private static final long BUILD_TIMEOUT_MINUTES = 10;

    private static Path rebuilt;

    @BeforeAll
    static void buildTheZipsAgainElsewhere() throws Exception {
        Path work = ProjectLayout.work("reproducibility");
        deleteTree(work);
        rebuilt = work.resolve("second checkout");
        copySources(ProjectLayout.root(), rebuilt);

        String modules = Arrays.stream(DeployedFunction.values()).map(f -> f.module).collect(Collectors.joining(","));
        Path log = work.resolve("second-build.log");
        ProcessBuilder build = new ProcessBuilder("sh", "-c",
                "umask 0002 && exec \"$MAVEN\" -B $OFFLINE -Dmaven.repo.local=\"$REPO\" -Dmaven.test.skip=true"
                        + " package -pl \"$MODULES\" -am")
                .directory(rebuilt.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = build.environment();
        env.put("MAVEN", Path.of(requiredProperty("tokengate.maven.home"), "bin", "mvn").toString());
        env.put("REPO", requiredProperty("tokengate.maven.repo"));
        env.put("MODULES", modules);
        // Online exactly when this build is (the SBOM needs it); either way every artifact is already local.
        env.put("OFFLINE", ReleaseArtifacts.sbomBuilt() ? "" : "-o");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("TZ", "Pacific/Kiritimati");
        env.put("MAVEN_OPTS", "-Duser.timezone=Pacific/Kiritimati -Duser.language=de -Duser.country=DE");
        env.remove("MAVEN_ARGS");

        Process process = build.start();
        if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the second build did not finish in " + BUILD_TIMEOUT_MINUTES + " min: " + log);
        }
        assertThat(process.exitValue())
                .as("the second build failed (%s):%n%s", log, tail(log))
                .isZero();
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void secondBuildGivesTheSameZipSbomAndThirdPartyList(DeployedFunction function) {
        for (String artifact : ReleaseArtifacts.of(function.module)) {
            Path first = ProjectLayout.root().resolve(artifact);
            Path second = rebuilt.resolve(artifact);
            String firstHash = sha256(first);
            System.out.printf("sha256 %s %s (second build: %s)%n", firstHash, artifact, sha256(second));
            assertThat(sha256(second)).as("SHA-256 of %s built twice", artifact).isEqualTo(firstHash);
        }
    }

    static String sha256(Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new AssertionError(file + " is missing: " + e, e);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new AssertionError(name + " is not set: template-check's pom passes it to Surefire");
        }
        return value;
    }

    /** The repository's files as a clone would have them: sources only, new file times, umask-002 modes. */
    private static void copySources(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && NOT_SOURCES.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                Files.copy(file, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                        Files.isExecutable(file) ? "rwxrwxr-x" : "rw-rw-r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        Files.createDirectories(dir);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
