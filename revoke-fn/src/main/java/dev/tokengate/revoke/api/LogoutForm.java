package dev.tokengate.revoke.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The body of a back-channel logout request (section 2.5): {@code application/x-www-form-urlencoded} with exactly one
 * {@code logout_token}. Other parameters are ignored, as form endpoints do; a second {@code logout_token} is refused
 * (two tokens, which one counts?). The size cap comes first: nothing larger is decoded.
 */
final class LogoutForm {
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";
    static final String PARAMETER = "logout_token";
    static final int MAX_BYTES = 16 * 1024;

    private LogoutForm() {
    }

    /** The {@code logout_token}, or an {@link ApiError} (always 400: the specification's answer to a bad request). */
    static String logoutToken(String contentType, InputStream entity) {
        if (contentType == null || !contentType.split(";")[0].trim().toLowerCase(Locale.ROOT).equals(CONTENT_TYPE)) {
            throw ApiError.badRequest("Content-Type", "must be " + CONTENT_TYPE);
        }
        String body = new String(read(entity), StandardCharsets.US_ASCII);
        String token = null;
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (!name.equals(PARAMETER)) {
                continue;
            }
            if (token != null) {
                throw ApiError.badRequest(PARAMETER, "is given more than once");
            }
            token = equals < 0 ? "" : decode(pair.substring(equals + 1));
        }
        if (token == null || token.isEmpty()) {
            throw ApiError.badRequest(PARAMETER, "is required");
        }
        return token;
    }

    private static byte[] read(InputStream entity) {
        if (entity == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = entity.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw ApiError.badRequest("body", "must be at most " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.badRequest("body", "could not be read");
        }
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("body", "is not form-urlencoded");
        }
    }
}
