package dev.tokengate.authorizer.binding;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.tokengate.core.cache.BoundedMaps;
import java.text.ParseException;
import java.util.Map;

/**
 * A bounded memory of what a DPoP client repeats in every proof: the same header (its {@code typ}, {@code alg} and
 * public {@code jwk}, byte for byte) and so the same key. Parsing that header builds the key (with its curve checks),
 * hashing it gives the thumbprint, and a verifier converts the key for the crypto provider: together they cost more
 * than the signature check itself, every request. Only parse results are kept, never a verdict: every proof is
 * checked against its profile and its own signature, claims and request. At most {@value #MAX_ENTRIES} headers and
 * keys, the least recently used dropped. Thread-safe.
 */
final class ProofKeys {
    static final int MAX_ENTRIES = 1_000;

    /** A parsed proof header and the RFC 7638 thumbprint of its {@code jwk} (null when it has none). */
    record Known(JWSHeader header, String thumbprint) {
    }

    private final Map<String, Known> headers = BoundedMaps.leastRecentlyUsed(MAX_ENTRIES);
    private final Map<String, JWSVerifier> verifiers = BoundedMaps.leastRecentlyUsed(MAX_ENTRIES);

    /** The header segment parsed, from memory when these exact bytes were seen before. */
    Known header(Base64URL segment) throws ParseException, JOSEException {
        String bytes = segment.toString();
        synchronized (this) {
            Known known = headers.get(bytes);
            if (known != null) {
                return known;
            }
        }
        JWSHeader header = JWSHeader.parse(segment);
        // a hash of the public key's members: safe to compute before the signature is checked
        Known known = new Known(header, header.getJWK() == null ? null : header.getJWK().computeThumbprint().toString());
        synchronized (this) {
            headers.put(bytes, known);
        }
        return known;
    }

    /**
     * The verifier of the key with this thumbprint, built from {@code key} the first time. The thumbprint (SHA-256
     * over the key's {@code kty} and {@code crv}/{@code x}/{@code y} or {@code e}/{@code n}) names no other key.
     */
    JWSVerifier verifier(String thumbprint, JWK key) throws JOSEException {
        synchronized (this) {
            JWSVerifier verifier = verifiers.get(thumbprint);
            if (verifier != null) {
                return verifier;
            }
        }
        JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
        synchronized (this) {
            verifiers.put(thumbprint, verifier);
        }
        return verifier;
    }
}
