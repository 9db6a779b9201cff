package dev.tokengate.testkit.tools;

/**
 * A Python tool could be neither found nor installed. The message says what was tried and what to do (which
 * package to install, which variable to set); it is meant to be shown as it is, without a stack trace.
 */
public final class MissingToolException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingToolException(String message) {
        super(message);
    }
}
