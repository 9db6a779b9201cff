package dev.tokengate.templatecheck;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The native libraries a function zip ships inside the Amazon Corretto Crypto Provider jars under {@code lib/}, and
 * the Lambda architecture each is built for. Both ACCP jars hold the library under the same name
 * ({@code libamazonCorrettoCryptoProvider.so}), so the architecture is read from the library's own ELF header; the
 * jar's classifier is kept beside it so a mislabelled jar shows.
 */
final class NativeLibraries {
    static final String ACCP_JAR_PREFIX = "AmazonCorrettoCryptoProvider-";
    private static final Pattern ACCP_JAR = Pattern.compile("lib/" + Pattern.quote(ACCP_JAR_PREFIX)
            + "[^/]*?-(linux-[a-z0-9_]+)\\.jar");
    /** ELF e_machine values (System V ABI): the two architectures Lambda offers. */
    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;

    private NativeLibraries() {
    }

    /**
     * @param jar the jar's name under lib/
     * @param classifier the jar's Maven classifier (linux-x86_64, linux-aarch_64)
     * @param library the library's path inside the jar
     * @param architecture the Lambda architecture (arm64, x86_64) its ELF header names, or what else it names
     */
    record NativeLibrary(String jar, String classifier, String library, String architecture) {
        /** The architecture the jar's classifier claims, in Lambda's words. */
        String classifierArchitecture() {
            return switch (classifier) {
                case "linux-x86_64" -> "x86_64";
                case "linux-aarch_64" -> "arm64";
                default -> classifier;
            };
        }
    }

    /** Every native library in the ACCP jars under the zip's lib/. */
    static List<NativeLibrary> accp(Path zip) {
        List<NativeLibrary> found = new ArrayList<>();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Matcher jar = ACCP_JAR.matcher(entry.getName());
                if (entry.isDirectory() || !jar.matches()) {
                    continue;
                }
                try (InputStream in = archive.getInputStream(entry)) {
                    found.addAll(libraries(entry.getName().substring("lib/".length()), jar.group(1),
                            in.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
        return found;
    }

    private static List<NativeLibrary> libraries(String jarName, String classifier, byte[] jar) throws IOException {
        List<NativeLibrary> found = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isDirectory() && entry.getName().endsWith(".so")) {
                    found.add(new NativeLibrary(jarName, classifier, entry.getName(),
                            architecture(in.readNBytes(20)).orElse("not an ELF library")));
                }
            }
        }
        return found;
    }

    /** The Lambda architecture an ELF header names: e_machine, 2 bytes at offset 18 in the file's byte order. */
    static Optional<String> architecture(byte[] header) {
        if (header.length < 20 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            return Optional.empty();
        }
        boolean littleEndian = header[5] == 1;
        int machine = littleEndian ? (header[18] & 0xff) | (header[19] & 0xff) << 8
                : (header[18] & 0xff) << 8 | (header[19] & 0xff);
        return Optional.of(switch (machine) {
            case EM_X86_64 -> "x86_64";
            case EM_AARCH64 -> "arm64";
            default -> "ELF machine " + machine;
        });
    }
}
