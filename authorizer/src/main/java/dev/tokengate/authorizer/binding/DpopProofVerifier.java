package dev.tokengate.authorizer.binding;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.DpopSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks one DPoP proof as RFC 9449 section 4.3 lists, for a protected-resource request: one compact JWS, {@code typ}
 * {@code dpop+jwt}, an {@code alg} from the issuer profile's asymmetric allowlist, a public {@code jwk} (no private
 * members) whose signature verifies, the claims {@code jti}, {@code htm}, {@code htu}, {@code iat} and {@code ath} of
 * the right JSON types, {@code htm} and {@code htu} naming this request, {@code iat} inside the profile's window and
 * {@code ath} the hash of the presented access token. Nothing in the proof is read as a fact before its signature
 * verifies with its own key; the key is trusted only once its thumbprint equals the token's {@code cnf.jkt}, which
 * the caller checks with {@link Verified#keyThumbprint}. Whether the {@code jti} was seen before is the replay
 * store's question, asked only for a proof that passed everything here.
 *
 * <p>Thread-safe. nimbus parses every part (JWS segments, header, JWK, JSON); no failure is read from an exception
 * message. What a client repeats in every proof (its header and key) is parsed once ({@link ProofKeys}).
 */
public final class DpopProofVerifier {
    /** A proof carries one public key; 8 KB holds an RSA-4096 {@code jwk} several times over. */
    static final int MAX_PROOF_CHARS = 8 * 1024;
    /** RFC 9449 section 11.1: refuse unnecessarily large {@code jti} values (the store keeps only a hash anyway). */
    static final int MAX_JTI_CHARS = 256;
    static final String TYPE = "dpop+jwt";
    static final int MIN_RSA_BITS = 2048;
    private static final Set<String> PRIVATE_JWK_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private final ProofKeys keys = new ProofKeys();

    /** The outcome of checking one proof. */
    public sealed interface Result permits Verified, Refused {
    }

    /**
     * A proof that passed every check: the thumbprint of the key that signed it, and what the replay store keeps.
     */
    public record Verified(String keyThumbprint, String proofId, Instant issuedAt) implements Result {
    }

    /** Why a proof was not accepted; {@code detail} names the check, never proof or token material. */
    public record Refused(DenyReason reason, String detail) implements Result {
    }

    /**
     * @param proof the {@code DPoP} header value
     * @param target the request's method and public URL
     * @param accessToken the access token exactly as presented after the scheme
     * @param algorithms the issuer profile's signature algorithm allowlist
     * @param settings the issuer profile's proof window and clock skew
     * @param now the decision's instant
     */
    public Result verify(String proof, HttpTarget target, String accessToken, Set<JWSAlgorithm> algorithms,
                         DpopSettings settings, Instant now) {
        if (proof.length() > MAX_PROOF_CHARS) {
            return invalid("the DPoP proof is longer than " + MAX_PROOF_CHARS + " characters");
        }
        if (!isCompactSerialization(proof)) {
            return invalid("the DPoP proof is not one compact JWS");
        }
        Base64URL[] parts;
        ProofKeys.Known known;
        try {
            parts = JOSEObject.split(proof);
            known = keys.header(parts[0]);
        } catch (ParseException notJws) {
            return invalid(whyNotAJws(proof));
        } catch (JOSEException e) {
            return invalid("the jwk's thumbprint cannot be computed");
        }
        JWSHeader header = known.header();
        Result headerProblem = checkHeader(header, algorithms);
        if (headerProblem != null) {
            return headerProblem;
        }
        Result signatureProblem = checkSignature(parts, header, known.thumbprint());
        if (signatureProblem != null) {
            return signatureProblem;
        }
        Map<String, Object> claims;
        try {
            claims = JSONObjectUtils.parse(parts[1].decodeToString());
        } catch (ParseException | RuntimeException e) {
            return invalid("the DPoP proof's payload is not a JSON object");
        }
        ProofClaims read = ProofClaims.read(claims);
        if (read.problem() != null) {
            return invalid(read.problem());
        }
        if (!target.methodMatches(read.htm())) {
            return new Refused(DenyReason.DPOP_PROOF_MISMATCH, "htm is not this request's method");
        }
        if (!target.urlMatches(read.htu())) {
            return new Refused(DenyReason.DPOP_PROOF_MISMATCH, "htu is not this request's URL");
        }
        long age = now.getEpochSecond() - read.iat();
        if (age > settings.proofWindow().toSeconds()) {
            return new Refused(DenyReason.DPOP_PROOF_OUTSIDE_WINDOW, "iat is older than the proof window ("
                    + settings.proofWindow().toSeconds() + " s)");
        }
        if (-age > settings.clockSkew().toSeconds()) {
            return new Refused(DenyReason.DPOP_PROOF_OUTSIDE_WINDOW, "iat is in the future beyond the clock skew ("
                    + settings.clockSkew().toSeconds() + " s)");
        }
        if (!MessageDigest.isEqual(read.ath().getBytes(StandardCharsets.US_ASCII),
                accessTokenHash(accessToken).getBytes(StandardCharsets.US_ASCII))) {
            return new Refused(DenyReason.DPOP_PROOF_MISMATCH, "ath is not the hash of the presented access token");
        }
        return new Verified(known.thumbprint(), read.jti(), Instant.ofEpochSecond(read.iat()));
    }

    /** {@code ath} (RFC 9449 section 4.2): base64url of the SHA-256 of the token's ASCII bytes. */
    public static String accessTokenHash(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(digest).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    private static Result checkHeader(JWSHeader header, Set<JWSAlgorithm> algorithms) {
        if (header.getType() == null || !TYPE.equals(header.getType().getType().toLowerCase(Locale.ROOT))) {
            return invalid("typ is not dpop+jwt");
        }
        if (!algorithms.contains(JWSAlgorithm.parse(header.getAlgorithm().getName()))) {
            return invalid("alg is not one the issuer profile accepts (" + algorithms + ")");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return invalid("crit lists parameters this verifier does not process");
        }
        JWK key = header.getJWK();
        if (key == null) {
            return invalid("the header has no jwk");
        }
        if (key.isPrivate()) {
            return invalid("the jwk carries private key material");
        }
        return null;
    }

    private Result checkSignature(Base64URL[] parts, JWSHeader header, String thumbprint) {
        JWK key = header.getJWK();
        JWSAlgorithm alg = header.getAlgorithm();
        boolean rsaKey = key instanceof RSAKey && JWSAlgorithm.Family.RSA.contains(alg);
        boolean ecKey = key instanceof ECKey && JWSAlgorithm.Family.EC.contains(alg);
        if (!rsaKey && !ecKey) {
            return invalid("the jwk's key type does not fit alg " + alg);
        }
        if (rsaKey && ((RSAKey) key).size() < MIN_RSA_BITS) {
            return invalid("the jwk is an RSA key shorter than " + MIN_RSA_BITS + " bits");
        }
        try {
            JWSVerifier verifier = keys.verifier(thumbprint, key);
            if (!verifier.supportedJWSAlgorithms().contains(alg)) {
                return invalid("the jwk's curve does not fit alg " + alg);
            }
            byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            if (!verifier.verify(header, signingInput, parts[2])) {
                return invalid("the signature does not verify with the jwk");
            }
        } catch (JOSEException | RuntimeException e) {
            return invalid("the signature does not verify with the jwk (" + e.getClass().getSimpleName() + ")");
        }
        return null;
    }

    /** A more precise reason for a header nimbus would not take as a JWS header: unsigned, MAC, private jwk. */
    private static String whyNotAJws(String proof) {
        try {
            Base64URL first = new Base64URL(proof.substring(0, proof.indexOf('.')));
            Map<String, Object> raw = JSONObjectUtils.parse(first.decodeToString());
            if (raw != null && raw.get("jwk") instanceof Map<?, ?> jwk) {
                for (String member : PRIVATE_JWK_MEMBERS) {
                    if (jwk.containsKey(member)) {
                        return "the jwk carries private key material";
                    }
                }
            }
            Header header = Header.parse(first);
            if (header instanceof PlainHeader) {
                return "alg none: the DPoP proof is not signed";
            }
        } catch (ParseException | RuntimeException e) {
            // not a JOSE header at all: the generic reason below
        }
        return "the DPoP proof is not a well-formed signed JWT";
    }

    private static boolean isCompactSerialization(String proof) {
        int dots = 0;
        for (int i = 0; i < proof.length(); i++) {
            char c = proof.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_')) {
                return false;
            }
        }
        return dots == 2;
    }

    private static Refused invalid(String detail) {
        return new Refused(DenyReason.DPOP_PROOF_INVALID, detail);
    }
}
