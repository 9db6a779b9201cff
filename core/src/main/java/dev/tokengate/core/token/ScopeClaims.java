package dev.tokengate.core.token;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads granted scopes from {@code scope} (RFC 8693/9068: space-separated string) and {@code scp} (string or array). */
final class ScopeClaims {
    private ScopeClaims() {
    }

    static boolean isWellTyped(Object scp) {
        if (scp == null || scp instanceof String) {
            return true;
        }
        if (scp instanceof List<?> list) {
            for (Object entry : list) {
                if (!(entry instanceof String)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    static Set<String> read(Object scope, Object scp) {
        Set<String> out = new LinkedHashSet<>();
        addSpaceSeparated(out, scope);
        if (scp instanceof String s) {
            addSpaceSeparated(out, s);
        } else if (scp instanceof List<?> list) {
            for (Object entry : list) {
                addSpaceSeparated(out, entry);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    private static void addSpaceSeparated(Set<String> out, Object value) {
        if (value instanceof String s) {
            for (String part : s.split(" ")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
    }
}
