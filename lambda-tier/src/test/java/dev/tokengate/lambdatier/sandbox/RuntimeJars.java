package dev.tokengate.lambdatier.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Lambda's Java runtime on disk (its {@code /var/runtime/lib}): the runtime interface client jar that Maven copied
 * into {@code lambda.tier.runtime}, and the jars its manifest {@code Class-Path} names beside it. A directory that
 * does not hold exactly those (a version bumped in one place only) fails here rather than running another runtime.
 */
final class RuntimeJars {
    static final String CLIENT_PREFIX = "aws-lambda-java-runtime-interface-client-";
    /** The client's own switch for where its JNI library is; see {@link #unpackNativeClient}. */
    static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final Path directory;
    private final Path client;
    private final List<Path> classpath;

    private RuntimeJars(Path directory, Path client, List<Path> classpath) {
        this.directory = directory;
        this.client = client;
        this.classpath = classpath;
    }

    static RuntimeJars locate() {
        String configured = System.getProperty("lambda.tier.runtime");
        Path directory = Path.of(configured != null ? configured : "target/lambda-runtime").toAbsolutePath();
        Path client = findClient(directory);
        List<Path> classpath = new ArrayList<>(List.of(client));
        try (JarFile jar = new JarFile(client.toFile())) {
            String manifestClassPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            for (String name : manifestClassPath == null ? new String[0] : manifestClassPath.trim().split("\\s+")) {
                Path beside = directory.resolve(name);
                if (!Files.isRegularFile(beside)) {
                    throw new AssertionError(client.getFileName() + " needs " + name + " beside it, which is not in "
                            + directory + ": pin the versions its manifest Class-Path names (" + manifestClassPath
                            + ") in the root pom's lambda.ric.* properties");
                }
                classpath.add(beside);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + client, e);
        }
        // As a lib/ directory lists: in name order.
        classpath.sort(null);
        return new RuntimeJars(directory, client, List.copyOf(classpath));
    }

    private static Path findClient(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> clients = files.filter(f -> f.getFileName().toString().startsWith(CLIENT_PREFIX)).toList();
            if (clients.size() != 1) {
                throw new AssertionError("expected one " + CLIENT_PREFIX + "*.jar in " + directory + ", found " + clients);
            }
            return clients.get(0);
        } catch (IOException e) {
            throw new AssertionError("no Lambda runtime in " + directory + " (maven-dependency-plugin copies it there in "
                    + "process-test-resources; run the tier through ./mvnw verify)", e);
        }
    }

    /** {@code LAMBDA_RUNTIME_DIR}. */
    Path directory() {
        return directory;
    }

    List<Path> classpath() {
        return classpath;
    }

    /**
     * The client's JNI library (its Runtime API calls are native), unpacked for one sandbox. The client would unpack
     * it to the fixed {@code /tmp/.libaws-lambda-jni.so}: private to one sandbox on Lambda, but shared by every JVM on
     * a build machine, where concurrent builds would overwrite each other's copy while loading it.
     */
    Path unpackNativeClient(Path into) {
        String entry = "jni/libaws-lambda-jni.linux-" + architecture() + ".so";
        Path target = into.resolve("libaws-lambda-jni.so");
        try (JarFile jar = new JarFile(client.toFile())) {
            ZipEntry library = jar.getEntry(entry);
            if (library == null) {
                throw new AssertionError(client.getFileName() + " has no " + entry);
            }
            Files.createDirectories(into);
            try (InputStream in = jar.getInputStream(library)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the runtime client's JNI library", e);
        }
        return target;
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new AssertionError("Lambda runs x86_64 and arm64 only; this machine is " + arch);
        };
    }
}
