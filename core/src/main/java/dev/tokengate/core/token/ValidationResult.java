package dev.tokengate.core.token;

import java.util.Objects;
import java.util.Optional;

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
     * configured values: never token material. {@code issuerId} names the issuer profile that refused the token, once
     * its exact {@code iss} had selected one (a configured id, for logs and metrics; it says nothing verified).
     */
    record Rejected(DenyReason reason, String detail, Optional<String> issuerId) implements ValidationResult {
        public Rejected {
            Objects.requireNonNull(issuerId, "issuerId");
        }

        /** A refusal before any issuer profile was selected. */
        public Rejected(DenyReason reason, String detail) {
            this(reason, detail, Optional.empty());
        }

        /** The same refusal, made by the profile {@code id}. */
        public Rejected by(String id) {
            return new Rejected(reason, detail, Optional.of(id));
        }
    }
}
