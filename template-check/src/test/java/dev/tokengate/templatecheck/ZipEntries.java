package dev.tokengate.templatecheck;

import dev.tokengate.testkit.template.ProjectLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/** Reads a function zip as it was built: entry bytes, the jars under lib/ and what each jar holds. */
final class ZipEntries {
    private ZipEntries() {
    }

    /** The bytes of one entry of the module's zip, if it has that entry. */
    static Optional<byte[]> read(String module, String entryName) {
        try (ZipFile zip = new ZipFile(ProjectLayout.root().resolve(ReleaseArtifacts.zip(module)).toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar under lib/: its file name, SHA-256 and the names of its own entries. */
    record Jar(String fileName, String sha256, List<String> entries) {
        boolean carriesANotice() {
            return entries.stream().anyMatch(name -> name.matches("META-INF/[^/]*NOTICE[^/]*"));
        }
    }

    /** Every jar under lib/, by file name. */
    static SortedMap<String, Jar> libraryJars(String module) {
        SortedMap<String, Jar> jars = new TreeMap<>();
        try (ZipFile zip = new ZipFile(ProjectLayout.root().resolve(ReleaseArtifacts.zip(module)).toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().matches("lib/[^/]+\\.jar")) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                String fileName = entry.getName().substring("lib/".length());
                jars.put(fileName, new Jar(fileName, sha256(bytes), entryNames(bytes)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jars;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> entryNames(byte[] jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
