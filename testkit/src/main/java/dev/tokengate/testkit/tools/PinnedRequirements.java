package dev.tokengate.testkit.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code build/python-requirements.txt}: the exact versions the project venv is installed from, and so the pins a
 * tool found on PATH is measured against. Only {@code name[extras]==version} lines are pins; pip options
 * ({@code --find-links}), comments and environment markers are left to pip.
 */
final class PinnedRequirements {
    private static final Pattern PIN = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\\[[^]]*])?\\s*==\\s*([^\\s;]+)");

    private final Path file;
    private final Map<String, Version> pins;
    private final String digest;

    private PinnedRequirements(Path file, Map<String, Version> pins, String digest) {
        this.file = file;
        this.pins = Map.copyOf(pins);
        this.digest = digest;
    }

    static PinnedRequirements read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pinned Python requirements " + file, e);
        }
        Map<String, Version> pins = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
            Matcher matcher = PIN.matcher(line.strip());
            if (matcher.find()) {
                pins.put(normalize(matcher.group(1)), Version.of(matcher.group(2)));
            }
        }
        return new PinnedRequirements(file, pins, sha256(bytes));
    }

    Path file() {
        return file;
    }

    /** The pinned version of a distribution ("cfn-lint", "aws-sam-translator", "moto"). */
    Version pin(String distribution) {
        Version pin = pins.get(normalize(distribution));
        if (pin == null) {
            throw new IllegalStateException(file + " pins no version of " + distribution);
        }
        return pin;
    }

    /** Identifies the file's exact content: a venv installed from other content is rebuilt. */
    String digest() {
        return digest;
    }

    // PEP 503: names compare case-insensitively, with runs of '-', '_' and '.' equal.
    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
