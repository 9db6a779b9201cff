package dev.tokengate.core.token;

/** The validator's answer: a verified token, or the typed reason it was refused. Never an exception. */
public sealed interface ValidationResult permits ValidationResult.Valid, ValidationResult.Rejected {

    static ValidationResult valid(ValidatedToken token) {
        return new Valid(token);
    }

    static ValidationResult rejected(DenyReason reason, String detail) {
        return new Rejected(reason, detail);
    }

    /** A token that passed every check. */
    record Valid(ValidatedToken token) implements ValidationResult {
    }

    /**
     * A refusal. {@code detail} is a short, loggable explanation built only from the validator's own words and
     * configured values: never token material.
     */
    record Rejected(DenyReason reason, String detail) implements ValidationResult {
    }
}
