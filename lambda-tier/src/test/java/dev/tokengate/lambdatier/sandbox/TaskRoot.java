package dev.tokengate.lambdatier.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A deployment zip unpacked as Lambda unpacks it into {@code /var/task}: read-only. Lambda enforces that with a
 * read-only file system; here the permission bits say so, and since a process running as root ignores them, the tree
 * is also listed at start and {@link #assertUnchanged compared} at the end, so a function writing there fails the
 * tier on any machine.
 */
final class TaskRoot implements AutoCloseable {
    private final Path path;
    private final Map<String, String> contents;

    private TaskRoot(Path path) {
        this.path = path;
        this.contents = listing(path);
    }

    static TaskRoot unzip(Path zip, Path into) {
        try {
            Files.createDirectories(into);
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = archive.entries();
                while (entries.hasMoreElements()) {
                    extract(archive, entries.nextElement(), into);
                }
            }
            makeReadOnly(into);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + into, e);
        }
        return new TaskRoot(into);
    }

    private static void extract(ZipFile archive, ZipEntry entry, Path into) throws IOException {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
            throw new IOException("zip entry outside the task root: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = archive.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void makeReadOnly(Path root) throws IOException {
        for (Path p : deepestFirst(root)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
        }
    }

    Path path() {
        return path;
    }

    /** Fails if anything under the task root was added, removed or changed since it was unpacked. */
    void assertUnchanged() {
        Map<String, String> now = listing(path);
        if (!now.equals(contents)) {
            List<String> differences = Stream.concat(now.keySet().stream(), contents.keySet().stream()).distinct()
                    .filter(p -> !String.valueOf(now.get(p)).equals(String.valueOf(contents.get(p))))
                    .sorted().toList();
            throw new AssertionError("the function wrote to its read-only task root " + path + ": " + differences);
        }
    }

    @Override
    public void close() {
        try {
            for (Path p : deepestFirst(path)) {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            for (Path p : deepestFirst(path)) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove task root " + path, e);
        }
    }

    /** Relative path to size and modification time: enough to notice a write. */
    private static Map<String, String> listing(Path root) {
        Map<String, String> listing = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.forEach(p -> {
                try {
                    listing.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return listing;
    }

    private static List<Path> deepestFirst(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.sorted(Comparator.reverseOrder()).toList();
        }
    }
}
