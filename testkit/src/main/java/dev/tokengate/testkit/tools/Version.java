package dev.tokengate.testkit.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tool's release number as its numeric parts ({@code 1.51.0}). A pre-release or local suffix ({@code rc1},
 * {@code .dev3}, {@code +local}) is ignored: the tools are pinned to releases.
 */
record Version(List<Integer> parts) implements Comparable<Version> {
    private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)*)");

    Version {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a version needs at least one number");
        }
        parts = List.copyOf(parts);
    }

    /** The first dotted number in {@code text} ("cfn-lint 1.51.0" gives 1.51.0), if there is one. */
    static Optional<Version> find(String text) {
        Matcher matcher = NUMBER.matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        List<Integer> parts = new ArrayList<>();
        for (String part : matcher.group(1).split("\\.")) {
            try {
                parts.add(Integer.parseInt(part));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        return Optional.of(new Version(parts));
    }

    static Version of(String text) {
        return find(text).orElseThrow(() -> new IllegalArgumentException("not a version: " + text));
    }

    int major() {
        return parts.get(0);
    }

    /**
     * Whether this release may stand in for the pinned one: the same major version (a new major may change the
     * command line, the rules or the API the build relies on) and not older (an older one may lack what the
     * template uses, e.g. a resource property cfn-lint does not know yet).
     */
    boolean fits(Version pin) {
        return major() == pin.major() && compareTo(pin) >= 0;
    }

    /** The range {@link #fits} accepts, for messages: "1.x, at least 1.51.0". */
    String range() {
        return major() + ".x, at least " + this;
    }

    @Override
    public int compareTo(Version other) {
        for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
            int a = i < parts.size() ? parts.get(i) : 0;
            int b = i < other.parts.size() ? other.parts.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return String.join(".", parts.stream().map(String::valueOf).toList());
    }
}
