package dev.tokengate.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.tokengate.authorizer.crypto.NativeCrypto;
import java.security.Provider;
import java.security.Security;

/** Which JCA provider a fork verifies with. Each JMH fork is a fresh JVM, so installing one never leaks into another. */
public enum CryptoProvider {
    /** The JDK's own: SunRsaSign for RSA, SunEC for ECDSA. */
    JDK,
    /** Amazon Corretto Crypto Provider, installed at the highest priority as the authorizer would. */
    ACCP;

    /**
     * Makes this provider the one {@code Signature.getInstance(alg)} returns for the rest of the JVM's life, through
     * the authorizer's own installer (what the shipped function does at init).
     */
    public void installAsDefault() {
        if (this == ACCP) {
            NativeCrypto.Active active = NativeCrypto.install();
            if (!active.isNative()) {
                throw new IllegalStateException("ACCP did not install: " + active.detail());
            }
        }
    }

    public Provider forAlgorithm(String jwsAlg) {
        if (this == ACCP) {
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            return AmazonCorrettoCryptoProvider.INSTANCE;
        }
        return Security.getProvider(jwsAlg.startsWith("RS") ? "SunRsaSign" : "SunEC");
    }
}
