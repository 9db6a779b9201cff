package dev.tokengate.authorizer.handler;

import dev.tokengate.authorizer.binding.SenderEvidence;
import dev.tokengate.core.token.DenyReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Finds exactly one access token in the {@code Authorization} values of a request: scheme {@code Bearer} (RFC 6750
 * section 2.1) or {@code DPoP} (RFC 9449 section 7.1, the same syntax) in any letter case, one token, nothing else.
 * Missing or empty is {@code MISSING_TOKEN}; another scheme, several values or several tokens is
 * {@code MALFORMED_TOKEN}; an oversized value is refused before it is looked at ({@code TOKEN_TOO_LARGE}). Which
 * scheme came is part of the answer: a DPoP-bound token must come with {@code DPoP}.
 */
final class BearerToken {
    private static final String BEARER = "Bearer";
    private static final String DPOP = "DPoP";
    /** Room for the scheme and some whitespace around a token of the largest accepted size. */
    private static final int SCHEME_ALLOWANCE = 32;

    private BearerToken() {
    }

    /**
     * The result of looking for the token: either {@code token} with its {@code scheme}, or a {@code reason} with a
     * loggable detail.
     */
    record Extraction(String token, SenderEvidence.Scheme scheme, DenyReason reason, String detail) {
        static Extraction found(String token, SenderEvidence.Scheme scheme) {
            return new Extraction(Objects.requireNonNull(token), Objects.requireNonNull(scheme), null, "");
        }

        static Extraction refused(DenyReason reason, String detail) {
            return new Extraction(null, null, Objects.requireNonNull(reason), detail);
        }

        boolean isFound() {
            return token != null;
        }
    }

    /**
     * @param values every {@code Authorization} value the event carries (each header occurrence once); entries that
     *        are not strings are refused as malformed
     * @param maxTokenChars the validator's token cap
     */
    static Extraction fromHeaderValues(List<?> values, int maxTokenChars) {
        if (values.isEmpty()) {
            return Extraction.refused(DenyReason.MISSING_TOKEN, "no Authorization header");
        }
        if (values.size() > 1) {
            return Extraction.refused(DenyReason.MALFORMED_TOKEN, "more than one Authorization header");
        }
        return fromHeaderValue(values.get(0), maxTokenChars);
    }

    static Extraction fromHeaderValue(Object raw, int maxTokenChars) {
        if (raw == null) {
            return Extraction.refused(DenyReason.MISSING_TOKEN, "no Authorization value");
        }
        if (!(raw instanceof String value)) {
            return Extraction.refused(DenyReason.MALFORMED_TOKEN, "Authorization value is not a string");
        }
        if (value.length() > maxTokenChars + SCHEME_ALLOWANCE) {
            return Extraction.refused(DenyReason.TOKEN_TOO_LARGE, "Authorization value is longer than "
                    + (maxTokenChars + SCHEME_ALLOWANCE) + " characters");
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            return Extraction.refused(DenyReason.MISSING_TOKEN, "empty Authorization value");
        }
        if (trimmed.indexOf(',') >= 0) {
            // API Gateway joins repeated headers with commas (HTTP API), and a JWT never contains one.
            return Extraction.refused(DenyReason.MALFORMED_TOKEN, "more than one credential in Authorization");
        }
        int space = firstWhitespace(trimmed);
        String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
        SenderEvidence.Scheme kind;
        if (scheme.equalsIgnoreCase(BEARER)) {
            kind = SenderEvidence.Scheme.BEARER;
        } else if (scheme.equalsIgnoreCase(DPOP)) {
            kind = SenderEvidence.Scheme.DPOP;
        } else {
            return Extraction.refused(DenyReason.MALFORMED_TOKEN, "Authorization scheme is neither Bearer nor DPoP");
        }
        String token = space < 0 ? "" : trimmed.substring(space).strip();
        if (token.isEmpty()) {
            return Extraction.refused(DenyReason.MISSING_TOKEN, scheme + " without a token");
        }
        if (mayContainWhitespace(token) && firstWhitespace(token) >= 0) {
            return Extraction.refused(DenyReason.MALFORMED_TOKEN, "more than one token after " + scheme);
        }
        return Extraction.found(token, kind);
    }

    /**
     * False only when no character can be whitespace: each is printable ASCII other than {@code ?} (which is also
     * what a character outside Latin-1 becomes in the copy). One copy and a byte loop: under Lambda's C1-only JIT a
     * {@code charAt} loop over a whole token costs several microseconds.
     */
    private static boolean mayContainWhitespace(String token) {
        for (byte b : token.getBytes(StandardCharsets.ISO_8859_1)) {
            if (b <= ' ' || b == '?') {
                return true;
            }
        }
        return false;
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
