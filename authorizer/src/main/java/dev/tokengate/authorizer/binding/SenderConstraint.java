package dev.tokengate.authorizer.binding;

import com.nimbusds.jose.util.Base64URL;
import dev.tokengate.core.token.Confirmation;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.ValidatedToken;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Fail closed on bindings: a token with {@code cnf} is accepted only when its binding is verified on this request,
 * {@code cnf.jkt} by a DPoP proof (RFC 9449), {@code cnf.x5t#S256} by the mutual-TLS client certificate (RFC 8705);
 * any other binding, or one this request cannot show, is refused with a typed reason instead of passing as a bearer
 * token. A token without {@code cnf} passes as a bearer token unless its issuer profile requires DPoP.
 *
 * <p>Runs after the token's signature and claims verified, before the store is asked; pure (the replay check of an
 * accepted proof is the store's, {@link Accepted#proofUse}).
 */
public final class SenderConstraint {
    private final DpopProofVerifier proofs;
    private final boolean answersMayBeCached;

    /**
     * @param answersMayBeCached whether API Gateway may cache this authorizer's answers
     *     ({@code AUTHORIZER_RESULT_TTL_SECONDS} above 0): a cached Allow would let the token through again without
     *     its proof or certificate, so bound tokens are refused then
     */
    public SenderConstraint(DpopProofVerifier proofs, boolean answersMayBeCached) {
        this.proofs = Objects.requireNonNull(proofs, "proofs");
        this.answersMayBeCached = answersMayBeCached;
    }

    /** The outcome for one token on one request. */
    public sealed interface Outcome permits Accepted, Refused {
    }

    /** The binding (if any) holds; {@code proofUse} is the DPoP proof the store must see exactly once. */
    public record Accepted(Optional<ProofUse> proofUse) implements Outcome {
        static final Accepted UNBOUND = new Accepted(Optional.empty());
    }

    /** The token may not be used on this request; {@code detail} is loggable. */
    public record Refused(DenyReason reason, String detail) implements Outcome {
    }

    /**
     * @param accessToken the token exactly as presented (the proof's {@code ath} is its hash)
     * @param profile the profile whose keys verified the token
     */
    public Outcome check(ValidatedToken token, IssuerProfile profile, String accessToken, SenderEvidence evidence,
                         Instant now) {
        Confirmation cnf = token.confirmation();
        boolean dpopScheme = evidence.scheme() == SenderEvidence.Scheme.DPOP;
        if (cnf.isBound() && !cnf.otherMembers().isEmpty()) {
            return new Refused(DenyReason.UNSUPPORTED_BINDING, "cnf has members this authorizer cannot verify "
                    + cnf.otherMembers().stream().sorted().toList());
        }
        if (cnf.isBound() && cnf.jwkThumbprint().isEmpty() && cnf.certificateThumbprint().isEmpty()) {
            return new Refused(DenyReason.UNSUPPORTED_BINDING, "cnf names no key and no certificate");
        }
        if (dpopScheme && cnf.jwkThumbprint().isEmpty()) {
            return new Refused(DenyReason.DPOP_KEY_MISMATCH, "the DPoP scheme with a token not bound to a DPoP key "
                    + "(no cnf.jkt)");
        }
        if (profile.dpop().required() && cnf.jwkThumbprint().isEmpty()) {
            return new Refused(DenyReason.DPOP_REQUIRED, "issuer profile " + profile.id()
                    + " requires DPoP-bound tokens");
        }
        if (!cnf.isBound()) {
            return Accepted.UNBOUND;
        }
        if (!evidence.visible()) {
            return new Refused(DenyReason.UNSUPPORTED_BINDING, "a bound token on an event shape that carries neither "
                    + "the DPoP header nor the client certificate (REST TOKEN)");
        }
        if (answersMayBeCached) {
            return new Refused(DenyReason.UNSUPPORTED_BINDING, "answers may be cached (AUTHORIZER_RESULT_TTL_SECONDS "
                    + "above 0): a cached Allow would skip the binding check");
        }
        if (cnf.certificateThumbprint().isPresent()) {
            Refused refused = checkCertificate(cnf.certificateThumbprint().get(), evidence);
            if (refused != null) {
                return refused;
            }
        }
        if (cnf.jwkThumbprint().isEmpty()) {
            return Accepted.UNBOUND;
        }
        return checkProof(cnf.jwkThumbprint().get(), token, profile, accessToken, evidence, now, dpopScheme);
    }

    private static Refused checkCertificate(String expected, SenderEvidence evidence) {
        if (evidence.clientCertificatePem().isEmpty()) {
            return new Refused(DenyReason.CLIENT_CERTIFICATE_MISSING, "the token is bound to a client certificate "
                    + "and the request carries none (mutual TLS needs a custom domain)");
        }
        Optional<String> actual = ClientCertificate.sha256Thumbprint(evidence.clientCertificatePem().get());
        if (actual.isEmpty()) {
            return new Refused(DenyReason.CLIENT_CERTIFICATE_MISMATCH, "the event's client certificate is not one "
                    + "X.509 certificate");
        }
        if (!sameThumbprint(expected, actual.get())) {
            return new Refused(DenyReason.CLIENT_CERTIFICATE_MISMATCH, "the client certificate's SHA-256 thumbprint "
                    + "is not cnf.x5t#S256");
        }
        return null;
    }

    private Outcome checkProof(String jkt, ValidatedToken token, IssuerProfile profile, String accessToken,
                               SenderEvidence evidence, Instant now, boolean dpopScheme) {
        if (!dpopScheme) {
            return new Refused(DenyReason.DPOP_PROOF_MISSING, "a DPoP-bound token sent with the Bearer scheme");
        }
        if (evidence.dpopProofs().isEmpty()) {
            return new Refused(DenyReason.DPOP_PROOF_MISSING, "no DPoP header");
        }
        if (evidence.dpopProofs().size() > 1 || evidence.dpopProofs().get(0).indexOf(',') >= 0) {
            // HTTP APIs join repeated headers with commas; a compact JWS never contains one.
            return new Refused(DenyReason.DPOP_PROOF_INVALID, "more than one DPoP header");
        }
        if (evidence.target().isEmpty()) {
            return new Refused(DenyReason.DPOP_PROOF_MISMATCH, "the request's method and URL cannot be rebuilt from "
                    + "the event, so htm and htu cannot be checked");
        }
        DpopProofVerifier.Result result = proofs.verify(evidence.dpopProofs().get(0).strip(), evidence.target().get(),
                accessToken, profile.algorithms(), profile.dpop(), now);
        if (result instanceof DpopProofVerifier.Refused refused) {
            return new Refused(refused.reason(), refused.detail());
        }
        DpopProofVerifier.Verified proof = (DpopProofVerifier.Verified) result;
        if (!sameThumbprint(jkt, proof.keyThumbprint())) {
            return new Refused(DenyReason.DPOP_KEY_MISMATCH, "the proof's key is not the one cnf.jkt names");
        }
        return new Accepted(Optional.of(new ProofUse(token.issuerId(), jkt, proof.proofId(),
                proof.issuedAt().plus(profile.dpop().proofWindow()))));
    }

    /** Thumbprints compare as the digests they encode (a token's may set the spare bits of its last character). */
    private static boolean sameThumbprint(String expected, String actual) {
        return MessageDigest.isEqual(new Base64URL(expected).decode(), new Base64URL(actual).decode());
    }
}
