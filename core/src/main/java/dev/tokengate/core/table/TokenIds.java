package dev.tokengate.core.table;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one rule for ids that become part of a token-table key, shared by the validator (a token whose {@code sub},
 * {@code jti} or {@code origin_jti} breaks it is refused, so the authorizer never looks up a key the revocation API
 * could not have written) and the revocation API (ids in requests).
 *
 * <p>What a {@code sub}, {@code jti} or {@code originJti} may look like before it becomes part of a DynamoDB key: 1 to
 * 512 characters, at most 1,000 bytes in UTF-8 (the sort key, prefix included, must stay under DynamoDB's 1,024-byte
 * limit, so an over-long id is a 400 and not a failed write), no control characters and no unpaired surrogates
 * (which UTF-8 cannot carry: two different ids would be stored as the same key).
 */
public final class TokenIds {
    public static final int MAX_CHARS = 512;
    public static final int MAX_UTF8_BYTES = 1000;

    private TokenIds() {
    }

    /** The problem with {@code value}, or empty when it is a valid id. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("must be a non-empty string");
        }
        if (value.length() > MAX_CHARS) {
            return Optional.of("must be at most " + MAX_CHARS + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return Optional.of("must not contain control characters");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return Optional.of("must be valid Unicode text");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return Optional.of("must be valid Unicode text");
            }
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES) {
            return Optional.of("must be at most " + MAX_UTF8_BYTES + " bytes in UTF-8");
        }
        return Optional.empty();
    }

    public static boolean isValid(String value) {
        return problem(value).isEmpty();
    }
}
