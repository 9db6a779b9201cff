package dev.tokengate.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Chooses verification keys only from the trusted JWK set, by {@code kid}, and only keys whose own {@code kty},
 * {@code alg}, {@code use}, {@code key_ops} and curve agree with the header. Header parameters that could carry a
 * key or point at one ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) are never read.
 */
final class TrustedKeySelector implements JWSKeySelector<ValidationContext> {
    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_CACHED_KEYS = 64;

    private final JWKSource<ValidationContext> source;
    private final BooleanSupplier inOutage;
    /** JWK to JCA key conversions are not free; a key set changes rarely, so keep them (bounded). */
    private final Map<JWK, PublicKey> converted = new ConcurrentHashMap<>();
    private final Map<String, JWKSelector> selectors = new ConcurrentHashMap<>();

    TrustedKeySelector(JWKSource<ValidationContext> source, BooleanSupplier inOutage) {
        this.source = source;
        this.inOutage = inOutage;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, ValidationContext context) throws KeySourceException {
        String kid = header.getKeyID();
        if (kid == null || kid.isEmpty()) {
            context.refuse(DenyReason.UNKNOWN_KEY, "the header has no kid");
            throw Refusals.KEY_REFUSED;
        }
        // A remote source answers a rate-limited refresh itself (DeferringJwkSource): an outage stays an error, a
        // kid no fetch has looked for is deferred, and only a kid shown absent comes back as no candidates.
        List<JWK> candidates = source.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), context);
        if (candidates.isEmpty()) {
            if (inOutage.getAsBoolean()) {
                // The refresh this kid triggered failed and only the stale set answered: the key may well exist
                // (a rotation during the outage). An error API Gateway never caches, not a 401 it would.
                throw new KeySourceException("the JWKS endpoint is unavailable and no cached key has this kid");
            }
            context.refuse(DenyReason.UNKNOWN_KEY, "no trusted key has this kid");
            throw Refusals.KEY_REFUSED;
        }
        JWSAlgorithm alg = header.getAlgorithm();
        List<PublicKey> keys = new ArrayList<>(1);
        List<JWK> offered = new ArrayList<>(1);
        for (JWK jwk : candidates) {
            if (agreesWith(jwk, alg)) {
                PublicKey key = toPublicKey(jwk);
                if (key != null) {
                    keys.add(key);
                    offered.add(jwk);
                }
            }
        }
        if (keys.isEmpty()) {
            context.refuse(DenyReason.KEY_MISMATCH, "the key with this kid does not fit alg " + alg.getName());
            throw Refusals.KEY_REFUSED;
        }
        context.offeredKeys(kid, offered);
        return keys;
    }

    /**
     * Whether the key set, asked now as a full validation would ask it (so a due refresh happens here too), still
     * holds every key a cached verification was checked against. Any failure answers false: the caller then runs
     * the full validation, which gives the answer an uncached request would get.
     */
    boolean stillOffers(String kid, List<JWK> keys, ValidationContext context) {
        try {
            return source.get(selectorFor(kid), context).containsAll(keys);
        } catch (KeySourceException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The selector of one {@code kid}, kept for the cached verifications' re-check (which runs on every cached use):
     * only kids of verified tokens reach it, and a key set holds a handful.
     */
    private JWKSelector selectorFor(String kid) {
        JWKSelector selector = selectors.get(kid);
        if (selector == null) {
            selector = new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
            if (selectors.size() >= MAX_CACHED_KEYS) {
                selectors.clear();
            }
            selectors.put(kid, selector);
        }
        return selector;
    }

    static boolean agreesWith(JWK jwk, JWSAlgorithm alg) {
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(alg.getName())) {
            return false;
        }
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return false;
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return false;
        }
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            // The modulus size is checked once per key, when it is converted (toPublicKey), not per request.
            return KeyType.RSA.equals(jwk.getKeyType());
        }
        if (JWSAlgorithm.Family.EC.contains(alg)) {
            if (!KeyType.EC.equals(jwk.getKeyType())) {
                return false;
            }
            List<Curve> curves = new ArrayList<>(Curve.forJWSAlgorithm(alg));
            return curves.contains(((ECKey) jwk).getCurve());
        }
        return false;
    }

    private static boolean rsaStrongEnough(RSAKey key) {
        return key.size() >= MIN_RSA_BITS;
    }

    private PublicKey toPublicKey(JWK jwk) {
        PublicKey cached = converted.get(jwk);
        if (cached != null) {
            return cached;
        }
        if (jwk instanceof RSAKey rsa && !rsaStrongEnough(rsa)) {
            return null; // a weak key verifies nothing (nimbus decodes the modulus to size it: once per key here)
        }
        try {
            PublicKey key = ((AsymmetricJWK) jwk).toPublicKey();
            if (key != null) {
                if (converted.size() >= MAX_CACHED_KEYS) {
                    converted.clear();
                }
                converted.put(jwk, key);
            }
            return key;
        } catch (JOSEException | ClassCastException e) {
            return null; // a key that cannot be converted cannot verify anything
        }
    }
}
