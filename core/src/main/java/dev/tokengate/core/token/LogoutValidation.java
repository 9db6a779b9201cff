package dev.tokengate.core.token;

/** The logout-token validator's answer: a verified token, or the typed reason it was refused. Never an exception. */
public sealed interface LogoutValidation permits LogoutValidation.Valid, LogoutValidation.Rejected {

    /** A logout token that passed every rule. */
    record Valid(LogoutToken token) implements LogoutValidation {
    }

    /**
     * A refusal. {@code detail} is built from the validator's own words and configured values only, never from the
     * token.
     */
    record Rejected(LogoutRefusal reason, String detail) implements LogoutValidation {
    }
}
