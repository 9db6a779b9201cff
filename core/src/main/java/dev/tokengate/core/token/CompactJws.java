package dev.tokengate.core.token;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compact JWS taken apart once, as nimbus's {@code JWSObject} takes it apart (same header parser, same signing
 * input, same refusal of an empty signature), without re-parsing what an earlier token already had: a header segment
 * is the same few dozen bytes on every token of a key, so its parsed {@link JWSHeader} is reused ({@link Headers}).
 * The payload's JSON is parsed once, by nimbus, and the claims set is built from that same map. Nothing here is
 * trusted before the signature verifies.
 */
final class CompactJws {
    private final JWSHeader header;
    private final Base64URL payload;
    private final byte[] signingInput;
    private final Base64URL signature;
    private JWTClaimsSet claims;

    private CompactJws(JWSHeader header, Base64URL payload, byte[] signingInput, Base64URL signature) {
        this.header = header;
        this.payload = payload;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    /**
     * @param token a token of base64url characters with exactly two dots
     * @param bytes the same token, one byte per character
     * @throws ParseException where nimbus's {@code JWSObject} refuses it: the header is not a JWS header, or the
     *     signature is empty
     */
    static CompactJws parse(String token, byte[] bytes, Headers headers) throws ParseException {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        JWSHeader header = headers.parse(token.substring(0, first));
        Base64URL payload = new TokenSegment(token.substring(first + 1, second));
        Base64URL signature = new TokenSegment(token.substring(second + 1));
        if (signature.toString().isEmpty()) {
            throw new ParseException("The signature must not be empty", 0);
        }
        byte[] signingInput = header.isBase64URLEncodePayload() ? Arrays.copyOf(bytes, second)
                : (token.substring(0, first + 1) + payload.decodeToString()).getBytes(StandardCharsets.UTF_8);
        return new CompactJws(header, payload, signingInput, signature);
    }

    /** Named as nimbus names it, so code written against {@code SignedJWT} reads the same. */
    JWSHeader getHeader() {
        return header;
    }

    byte[] signingInput() {
        return signingInput;
    }

    Base64URL signature() {
        return signature;
    }

    /** The payload as raw JSON, or null when it is not a JSON object. */
    Map<String, Object> rawClaims() {
        try {
            return JSONObjectUtils.parse(payload.decodeToString());
        } catch (ParseException notAnObject) {
            return null;
        }
    }

    /** Builds the claims set from the raw map, once; nothing in it is trusted yet. */
    JWTClaimsSet parseClaims(Map<String, Object> raw) throws ParseException {
        claims = JWTClaimsSet.parse(raw);
        return claims;
    }

    JWTClaimsSet claims() {
        return claims;
    }

    /**
     * Parsed headers by their exact segment, kept only for tokens that passed validation (so a flood of junk headers
     * cannot churn it) and at most {@link #MAX_HEADERS} of them (a trusted key set has a handful of keys, each key
     * one header or two).
     */
    static final class Headers {
        static final int MAX_HEADERS = 64;

        private final Map<String, JWSHeader> parsed = new ConcurrentHashMap<>();

        JWSHeader parse(String segment) throws ParseException {
            JWSHeader known = parsed.get(segment);
            return known != null ? known : JWSHeader.parse(new TokenSegment(segment));
        }

        /** Remembers the header of a token that passed validation. */
        void remember(JWSHeader header) {
            String segment = header.getParsedBase64URL().toString();
            if (!parsed.containsKey(segment)) {
                if (parsed.size() >= MAX_HEADERS) {
                    parsed.clear();
                }
                parsed.put(segment, header);
            }
        }
    }
}
