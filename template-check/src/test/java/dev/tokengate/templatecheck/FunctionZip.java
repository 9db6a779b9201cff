package dev.tokengate.templatecheck;

import dev.tokengate.testkit.template.ProjectLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One function's deployment zip, extracted the way Lambda's Java runtime lays it out: classes at the root and
 * dependency jars under {@code lib/}. Classes are loaded from the zip alone (the platform class loader as parent),
 * never from this module's test classpath, so a class missing from the zip is missing here too.
 */
final class FunctionZip {
    private static final Map<Path, FunctionZip> EXTRACTED = new ConcurrentHashMap<>();

    private final Path zip;
    private final Path root;
    private final URLClassLoader loader;

    private FunctionZip(Path zip, Path root) {
        this.zip = zip;
        this.root = root;
        this.loader = new URLClassLoader("zip:" + zip.getFileName(), urls(root),
                ClassLoader.getPlatformClassLoader());
    }

    /** The zip at a path relative to the repository root (a CodeUri), extracted once per JVM. */
    static FunctionZip at(String codeUri) {
        Path zip = ProjectLayout.root().resolve(codeUri).normalize();
        if (!Files.isRegularFile(zip)) {
            throw new AssertionError(codeUri + " does not exist: build it with ./mvnw package");
        }
        return EXTRACTED.computeIfAbsent(zip, z -> new FunctionZip(z, extract(z)));
    }

    Path zip() {
        return zip;
    }

    ClassLoader loader() {
        return loader;
    }

    /** A class from the zip, not initialised (no static initialiser runs). */
    Class<?> load(String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError(name + " cannot be loaded from " + zip.getFileName() + ": " + e, e);
        }
    }

    /** A class from the zip, initialised (its static fields computed). */
    Class<?> initialise(String name) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError(name + " cannot be initialised from " + zip.getFileName() + ": " + e, e);
        }
    }

    /** File names of the jars under lib/. */
    List<String> libraries() {
        try (Stream<Path> jars = Files.list(root.resolve("lib"))) {
            return jars.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The function's own class files (at the zip's root, not in lib/). */
    List<Path> ownClassFiles() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !root.relativize(p).startsWith("lib"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's own class files the zip ships: the function's, and core's from its jar under lib/. */
    List<Path> tokengateClassFiles() {
        List<Path> files = new ArrayList<>(ownClassFiles());
        for (String jar : libraries()) {
            if (jar.startsWith("tokengate-")) {
                Path classes = extract(root.resolve("lib").resolve(jar), root.getFileName() + "-" + jar);
                try (Stream<Path> walk = Files.walk(classes)) {
                    walk.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    private static Path extract(Path zip) {
        return extract(zip, zip.getFileName().toString().replace(".zip", ""));
    }

    private static Path extract(Path zip, String name) {
        Path target = ProjectLayout.work("zips").resolve(name);
        try {
            if (Files.exists(target)) {
                try (Stream<Path> old = Files.walk(target)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(target);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new AssertionError(zip + " has an entry outside its root: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        copy(in, out);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + zip, e);
        }
    }

    private static void copy(InputStream in, Path out) throws IOException {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }

    private static URL[] urls(Path root) {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(root.toUri().toURL());
            Path lib = root.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return urls.toArray(URL[]::new);
    }
}
