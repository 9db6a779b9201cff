package dev.tokengate.authorizer.binding;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted DPoP proof, to be remembered so that no instance accepts it again: its {@code jti}, scoped by the
 * issuer profile and by the proof key's thumbprint (a client can only ever use up its own {@code jti} values), until
 * the last moment the proof could still be accepted.
 *
 * @param issuerId the issuer profile of the token the proof came with
 * @param keyThumbprint the proof key's RFC 7638 thumbprint (the token's {@code cnf.jkt})
 * @param proofId the proof's {@code jti}
 * @param acceptableUntil {@code iat} + the proof window: after it the proof is refused by its age alone
 */
public record ProofUse(String issuerId, String keyThumbprint, String proofId, Instant acceptableUntil) {
    public ProofUse {
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(keyThumbprint, "keyThumbprint");
        Objects.requireNonNull(proofId, "proofId");
        Objects.requireNonNull(acceptableUntil, "acceptableUntil");
    }
}
