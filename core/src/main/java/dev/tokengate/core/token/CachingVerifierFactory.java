package dev.tokengate.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import java.security.Key;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reuses one nimbus verifier per trusted key instead of building one per request. Verifiers hold only the public
 * key and create their {@code Signature} per call, so sharing them across threads is safe.
 */
final class CachingVerifierFactory implements JWSVerifierFactory {
    private static final int MAX_CACHED = 64;

    private final DefaultJWSVerifierFactory delegate = new DefaultJWSVerifierFactory();
    private final Map<Key, JWSVerifier> verifiers = new ConcurrentHashMap<>();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
        JWSVerifier cached = verifiers.get(key);
        if (cached != null && cached.supportedJWSAlgorithms().contains(header.getAlgorithm())) {
            return cached;
        }
        JWSVerifier created = delegate.createJWSVerifier(header, key);
        if (verifiers.size() >= MAX_CACHED) {
            verifiers.clear();
        }
        verifiers.put(key, created);
        return created;
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return delegate.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
        return delegate.getJCAContext();
    }
}
