package dev.tokengate.core.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a token's exact bytes: the verified-token cache's key, so the cache never holds a token itself and
 * two different token strings never share an entry. Equality compares all 32 bytes in constant time
 * ({@link MessageDigest#isEqual}); the hash code is the digest's first four bytes, already uniform.
 */
final class TokenDigest {
    private final byte[] sha256;
    private final int hash;

    private TokenDigest(byte[] sha256) {
        this.sha256 = sha256;
        this.hash = (sha256[0] & 0xff) << 24 | (sha256[1] & 0xff) << 16 | (sha256[2] & 0xff) << 8 | (sha256[3] & 0xff);
    }

    /**
     * One digest per thread, looked up on the thread's first token (after init, so the provider installed at init,
     * ACCP, answers): a provider look-up and a new digest context per token cost more than hashing it under C1.
     * {@link MessageDigest#digest(byte[])} resets the digest, so nothing carries over from one token to the next.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    /** @param token the token's characters, one byte each (ISO-8859-1) */
    static TokenDigest of(byte[] token) {
        return new TokenDigest(SHA256.get().digest(token));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenDigest digest && MessageDigest.isEqual(sha256, digest.sha256);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
