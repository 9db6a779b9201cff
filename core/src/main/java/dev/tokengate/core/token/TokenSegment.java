package dev.tokengate.core.token;

import com.nimbusds.jose.util.Base64URL;
import java.util.Base64;

/**
 * One base64url segment of a presented token, decoded by the JDK's table-driven decoder instead of nimbus's
 * constant-time one. Constant time protects secrets (nimbus decodes private keys with the same codec); a token's
 * header, payload and signature are what the caller sent, and under Lambda's C1-only JIT the constant-time loop
 * costs several microseconds per token. Whatever the JDK refuses (a length no encoder produces) is decoded by
 * nimbus as before, so every segment decodes to exactly the bytes nimbus would give: nimbus still parses the header
 * and the claims and checks the signature, over these bytes.
 */
final class TokenSegment extends Base64URL {
    private static final long serialVersionUID = 1L;
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    TokenSegment(String base64url) {
        super(base64url);
    }

    /** The same segment, decoded the JDK's way. */
    static TokenSegment of(Base64URL segment) {
        return new TokenSegment(segment.toString());
    }

    @Override
    public byte[] decode() {
        try {
            return DECODER.decode(toString());
        } catch (IllegalArgumentException notCanonical) {
            return super.decode();
        }
    }
}
