package dev.tokengate.authorizer.crypto;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Installs Amazon Corretto Crypto Provider (ACCP) as the first JCA provider at init, so the signature checks run in
 * AWS-LC instead of the JDK's Java code (docs/PERFORMANCE.md: RSA ~5-10x, ECDSA ~15-25x faster under Lambda's C1).
 * Any failure falls back to the JDK's providers, which verify the same signatures, just slower.
 *
 * <p>Why not simply {@code AmazonCorrettoCryptoProvider.install()}: the zip carries ACCP for both Lambda
 * architectures, and both jars hold the native library under the same resource name. Whichever jar the class loader
 * happens to list first would win, so on one architecture ACCP would always fail to load. Instead the provider is
 * loaded from the jar built for this machine, in a class loader of its own.
 *
 * <p>{@code -Dtokengate.crypto.native=false} (e.g. in {@code JAVA_TOOL_OPTIONS}) keeps the JDK providers.
 */
public final class NativeCrypto {
    public static final String PROPERTY = "tokengate.crypto.native";
    static final String PROVIDER_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    private static final String CLASS_RESOURCE = PROVIDER_CLASS.replace('.', '/') + ".class";
    private static final String JAR_PREFIX = "AmazonCorrettoCryptoProvider-";

    /** Which provider verifies signatures, and why. */
    public record Active(String provider, String detail) {
        public boolean isNative() {
            return !"JDK".equals(provider);
        }
    }

    private static Active installed;

    private NativeCrypto() {
    }

    /** Installs ACCP for this JVM unless the system property disables it. Once per JVM; later calls answer the same. */
    public static synchronized Active install() {
        if (installed == null) {
            installed = install(System.getProperty(PROPERTY), System.getProperty("os.name"),
                    System.getProperty("os.arch"), NativeCrypto.class.getClassLoader());
        }
        return installed;
    }

    static synchronized Active install(String setting, String osName, String osArch, ClassLoader loader) {
        if ("false".equalsIgnoreCase(setting)) {
            return jdk("disabled by -D" + PROPERTY + "=false");
        }
        Optional<String> classifier = classifier(osName, osArch);
        if (classifier.isEmpty()) {
            return jdk("no ACCP build for " + osName + "/" + osArch);
        }
        URL classUrl = loader.getResource(CLASS_RESOURCE);
        if (classUrl == null) {
            return jdk("ACCP is not on the class path");
        }
        try {
            ClassLoader accpLoader = jarFor(classUrl, classifier.get())
                    .<ClassLoader>map(jar -> new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader()))
                    .orElse(loader);
            Class<?> type = Class.forName(PROVIDER_CLASS, true, accpLoader);
            Provider provider = (Provider) type.getField("INSTANCE").get(null);
            // Throws when the native library did not load (wrong architecture, no writable temp dir, old glibc).
            type.getMethod("assertHealthy").invoke(provider);
            Provider installed = Security.getProvider(provider.getName());
            if (installed == null) {
                Security.insertProviderAt(provider, 1);
            }
            return new Active(provider.getName(), classifier.get() + " " + provider.getVersionStr());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError | IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return jdk("ACCP could not load (" + cause.getClass().getSimpleName() + ")");
        }
    }

    /** ACCP's Maven classifier for this platform, when it ships one. */
    static Optional<String> classifier(String osName, String osArch) {
        if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux") || osArch == null) {
            return Optional.empty();
        }
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of("linux-x86_64");
            case "aarch64", "arm64" -> Optional.of("linux-aarch_64");
            default -> Optional.empty();
        };
    }

    /**
     * The ACCP jar for {@code classifier} next to the one the class loader found (lib/ in the zip, or the Maven
     * repository directory in tests). Empty when ACCP does not come from a per-platform jar (e.g. a shaded jar):
     * then the class loader's own copy is used.
     */
    private static Optional<URL> jarFor(URL classUrl, String classifier) throws IOException {
        if (!"jar".equals(classUrl.getProtocol())) {
            return Optional.empty();
        }
        String spec = classUrl.getPath(); // file:/var/task/lib/AmazonCorrettoCryptoProvider-2.5.0-linux-x86_64.jar!/...
        int bang = spec.indexOf("!/");
        if (!spec.startsWith("file:") || bang < 0) {
            return Optional.empty();
        }
        Path jar;
        try {
            jar = Path.of(URI.create(spec.substring(0, bang)));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
        Path dir = jar.getParent();
        if (dir == null || !jar.getFileName().toString().startsWith(JAR_PREFIX)) {
            return Optional.empty();
        }
        String suffix = "-" + classifier + ".jar";
        try (Stream<Path> files = Files.list(dir)) {
            Optional<Path> match = files.filter(p -> p.getFileName().toString().startsWith(JAR_PREFIX)
                    && p.getFileName().toString().endsWith(suffix)).findFirst();
            if (match.isEmpty()) {
                throw new IOException("no " + JAR_PREFIX + "*" + suffix + " beside " + jar.getFileName());
            }
            return Optional.of(match.get().toUri().toURL());
        }
    }

    private static Active jdk(String detail) {
        return new Active("JDK", detail);
    }
}
