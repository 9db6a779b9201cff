package dev.tokengate.core.token;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an issuer profile treats DPoP (RFC 9449). Whatever the mode, a token bound to a key ({@code cnf.jkt}) passes
 * only with a valid proof for that key on the request; the mode only decides whether an unbound token passes too.
 *
 * <p>A proof is accepted while {@code now - proofWindow <= iat <= now + clockSkew}: the window bounds how long a
 * captured proof could be replayed (its {@code jti} is remembered that long), the skew how far ahead of the
 * authorizer's clock a client's clock may run.
 *
 * @param mode {@code "dpop"}: {@code allowed} (default) or {@code required}
 * @param proofWindow {@code "dpopProofWindowSeconds"}: 1 to 300 s, default 60
 * @param clockSkew {@code "dpopClockSkewSeconds"}: 0 to 60 s, default 5
 */
public record DpopSettings(Mode mode, Duration proofWindow, Duration clockSkew) {
    public static final Duration DEFAULT_PROOF_WINDOW = Duration.ofSeconds(60);
    public static final Duration MAX_PROOF_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(1);
    public static final DpopSettings DEFAULTS = new DpopSettings(Mode.ALLOWED, DEFAULT_PROOF_WINDOW,
            DEFAULT_CLOCK_SKEW);

    /** Whether tokens that are not DPoP-bound pass. */
    public enum Mode {
        /** Bearer tokens (no {@code cnf}) pass; DPoP-bound tokens need their proof. */
        ALLOWED("allowed"),
        /** Only DPoP-bound tokens with a valid proof pass. */
        REQUIRED("required");

        private final String jsonName;

        Mode(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        public static Optional<Mode> named(String name) {
            for (Mode mode : values()) {
                if (mode.jsonName.equals(name)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    public DpopSettings {
        Objects.requireNonNull(mode, "dpop");
        if (proofWindow == null || proofWindow.getNano() != 0 || proofWindow.getSeconds() < 1
                || proofWindow.compareTo(MAX_PROOF_WINDOW) > 0) {
            throw new IssuerProfile.Invalid("dpopProofWindowSeconds", "must be between 1 and "
                    + MAX_PROOF_WINDOW.toSeconds() + " seconds");
        }
        if (clockSkew == null || clockSkew.getNano() != 0 || clockSkew.isNegative()
                || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IssuerProfile.Invalid("dpopClockSkewSeconds", "must be between 0 and "
                    + MAX_CLOCK_SKEW.toSeconds() + " seconds");
        }
    }

    public boolean required() {
        return mode == Mode.REQUIRED;
    }
}
