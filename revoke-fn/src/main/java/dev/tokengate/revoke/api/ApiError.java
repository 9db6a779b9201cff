package dev.tokengate.revoke.api;

/**
 * A request the API refuses before any domain logic runs (bad body, wrong content type, oversize, missing caller).
 * Rendered as JSON by {@link ApiErrorMapper}; the message is always our own words, never an exception's or the
 * caller's input. No stack trace: these are expected and frequent.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;
    private final String field;

    ApiError(int status, String error, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    static ApiError badRequest(String field, String message) {
        return new ApiError(400, "invalid_request", field, message);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String field() {
        return field;
    }
}
