package dev.tokengate.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The tokengate version this code was built as: the parent pom's version, stamped into {@code version.properties}
 * by the build. Every function logs it at init, so a log line names the release that wrote it.
 */
public final class Version {
    private static final String RESOURCE = "version.properties";
    private static final String CURRENT = load();

    private Version() {
    }

    /** e.g. {@code 0.2.0}, or {@code 0.2.0-SNAPSHOT} for a build between releases. */
    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                // A class without its resource was not built by Maven (e.g. compiled by an IDE alone).
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
