package dev.tokengate.authorizer.handler;

/**
 * The error an authorizer throws when the protocol answers with one: API Gateway reads only its message (REST maps
 * exactly {@code Unauthorized} to 401, any other message to 500; the error type plays no part, which is why Node's
 * {@code callback("Unauthorized")} works too). It carries no stack trace: a refusal is an expected answer, and
 * filling in and printing the frames of every bad token would cost CPU and log bytes per refusal (the runtime client
 * logs each error it reports). Nothing can be attached to it later (no cause, no suppressed exceptions).
 */
final class ProtocolError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolError(String message) {
        super(message, null, false, false);
    }
}
