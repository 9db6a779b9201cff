package dev.tokengate.core.token;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;

/**
 * A signed JWT whose payload is parsed exactly once: the validator reads the raw JSON (to check claim types before
 * any coercion) and builds the claims set from that same map, which nimbus's processor then reuses instead of
 * decoding and parsing the payload a second time. Nothing in it is trusted before the signature verifies.
 */
final class ParsedSignedJwt extends SignedJWT {
    private static final long serialVersionUID = 1L;

    private transient JWTClaimsSet claims;

    ParsedSignedJwt(Base64URL header, Base64URL payload, Base64URL signature) throws ParseException {
        super(header, payload, signature);
    }

    /** The payload as raw JSON, or null when it is not a JSON object. */
    Map<String, Object> rawClaims() {
        return getPayload().toJSONObject();
    }

    /** Parses the claims from the raw map once; later calls (the processor's) get the same set. */
    JWTClaimsSet parseClaims(Map<String, Object> raw) throws ParseException {
        claims = JWTClaimsSet.parse(raw);
        return claims;
    }

    @Override
    public JWTClaimsSet getJWTClaimsSet() throws ParseException {
        return claims != null ? claims : super.getJWTClaimsSet();
    }
}
