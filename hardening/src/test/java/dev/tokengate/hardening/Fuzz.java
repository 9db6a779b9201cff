package dev.tokengate.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What every hardening property shares: the fixed seed and the "no token material in the logs" check. */
public final class Fuzz {
    /**
     * Every property runs with this seed in {@code ./mvnw verify}, so a run is reproducible; the number of tries
     * comes from {@code -Dtokengate.fuzz.tries} (pom default 200).
     */
    public static final String SEED = "20261129";

    /** A token segment this long cannot plausibly appear in a log line by coincidence. */
    public static final int MIN_SEGMENT = 16;

    private Fuzz() {
    }

    /** The parts of a presented credential that must never be logged: each dot-separated segment of 16+ chars. */
    public static List<String> tokenMaterial(String credential) {
        List<String> out = new ArrayList<>();
        if (credential == null) {
            return out;
        }
        String value = credential.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        for (String segment : value.split("\\.")) {
            if (segment.length() >= MIN_SEGMENT) {
                out.add(segment);
            }
        }
        return out;
    }

    /** Fails if any captured line contains a segment of any of the credentials. */
    public static void assertNoTokenMaterial(Collection<String> lines, Collection<String> credentials) {
        for (String credential : credentials) {
            for (String segment : tokenMaterial(credential)) {
                for (String line : lines) {
                    assertThat(line).as("a log line carries token material").doesNotContain(segment);
                }
            }
        }
    }
}
