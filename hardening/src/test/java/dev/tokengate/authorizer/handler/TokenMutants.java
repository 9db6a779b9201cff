package dev.tokengate.authorizer.handler;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile variants of one valid token. Each mutant says whether the authorizer may allow it ({@code mayAllow}):
 * only when it is, byte for byte where the signature covers it, the valid token (or a freshly signed token whose
 * claims all keep their standard types), and whether it must ({@code mustAllow}: the positive controls).
 */
final class TokenMutants {
    static final String SUB = "fuzz-user";
    static final String JTI = "fuzz-valid-jti";
    static final String REVOKED_JTI = "fuzz-revoked-jti";
    static final ECKey ATTACKER = TestKeys.ec(AuthorizerRig.KEY.getKeyID());
    static final RSAKey ATTACKER_RSA = TestKeys.rsa(AuthorizerRig.KEY.getKeyID());
    static final String VALID = base().sign(AuthorizerRig.KEY);
    static final String REVOKED = AuthorizerRig.token(SUB, REVOKED_JTI).sign(AuthorizerRig.KEY);
    private static final String[] PARTS = VALID.split("\\.");
    private static final byte[] SIGNATURE = new Base64URL(PARTS[2]).decode();

    /** Claims and header parameters whose type is confused one at a time. */
    static final List<String> CLAIMS = List.of("iss", "aud", "sub", "jti", "exp", "iat", "nbf", "scope", "scp",
            "client_id", "token_use", "origin_jti", "sid");
    /** A JSON {@code null} value, where a Java {@code null} means "remove the claim or parameter". */
    static final Object JSON_NULL = JsonNull.NULL;

    private enum JsonNull { NULL }
    static final List<String> HEADERS = List.of("typ", "kid", "crit", "cty", "b64", "jku", "x5u", "jwk", "x5c");

    /** The claims the validator always requires. */
    static final class JwtClaims {
        static final List<String> REQUIRED = List.of("iss", "aud", "sub", "jti", "exp", "iat");

        private JwtClaims() {
        }
    }

    record Mutant(String kind, String token, boolean mayAllow, boolean mustAllow) {
        @Override
        public String toString() {
            return kind + ": " + (token.length() > 200 ? token.substring(0, 200) + "..." : token);
        }
    }

    private TokenMutants() {
    }

    static TestTokens base() {
        return AuthorizerRig.token(SUB, JTI).scope("orders:read");
    }

    /** May this string be allowed? Only if header and payload are the valid ones and the signature decodes alike. */
    static boolean sameSignedToken(String candidate) {
        String[] parts = candidate.strip().split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(PARTS[0]) || !parts[1].equals(PARTS[1])) {
            return false;
        }
        try {
            return Arrays.equals(new Base64URL(parts[2]).decode(), SIGNATURE);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Mutant raw(String kind, String token) {
        return new Mutant(kind, token, sameSignedToken(token), false);
    }

    static Mutant bitFlip(int segment, int bit) {
        byte[] bytes = new Base64URL(PARTS[segment]).decode();
        int index = Math.floorMod(bit, bytes.length * 8);
        bytes[index / 8] ^= (byte) (1 << (index % 8));
        String[] parts = PARTS.clone();
        parts[segment] = Base64URL.encode(bytes).toString();
        return raw("bit flip in segment " + segment + " at bit " + index, String.join(".", parts));
    }

    static Mutant charChange(int position, char replacement) {
        int p = Math.floorMod(position, VALID.length());
        return raw("char " + p + " -> U+" + Integer.toHexString(replacement),
                VALID.substring(0, p) + replacement + VALID.substring(p + 1));
    }

    static Mutant insertion(int position, String inserted) {
        int p = Math.floorMod(position, VALID.length() + 1);
        return raw("insert at " + p, VALID.substring(0, p) + inserted + VALID.substring(p));
    }

    static Mutant truncation(int length) {
        return raw("truncated to " + Math.floorMod(length, VALID.length()),
                VALID.substring(0, Math.floorMod(length, VALID.length())));
    }

    static Mutant segments(int variant) {
        String h = PARTS[0];
        String p = PARTS[1];
        String s = PARTS[2];
        List<String> forms = List.of(h + "." + p, h + "." + p + ".", h + "." + p + "." + s + ".", h + "." + p + "." + s
                + "." + s, p + "." + h + "." + s, h + "." + h + "." + s, "." + p + "." + s, h + ".." + s,
                h + "." + p + "." + s + "." + p + "." + s, s, h + "." + p + "." + s + "==", h + "=." + p + "." + s,
                standardBase64(h) + "." + standardBase64(p) + "." + standardBase64(s), "..", ".", "");
        String token = forms.get(Math.floorMod(variant, forms.size()));
        return raw("segments #" + Math.floorMod(variant, forms.size()), token);
    }

    private static String standardBase64(String base64url) {
        byte[] bytes = new Base64URL(base64url).decode();
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Header or payload JSON re-encoded (reordered, spaced): the signature no longer covers those bytes. */
    static Mutant reencoded(int segment, long seed) {
        String json = new String(new Base64URL(PARTS[segment]).decode(), StandardCharsets.UTF_8);
        Map<String, Object> parsed = parse(json);
        List<String> keys = new ArrayList<>(parsed.keySet());
        Collections.shuffle(keys, new Random(seed));
        Map<String, Object> reordered = new LinkedHashMap<>();
        keys.forEach(k -> reordered.put(k, parsed.get(k)));
        String encoded = TestTokens.encode(reordered);
        if (seed % 2 == 0) {
            encoded = Base64URL.encode(("  " + json + "\n").getBytes(StandardCharsets.UTF_8)).toString();
        }
        String[] parts = PARTS.clone();
        parts[segment] = encoded;
        return raw("re-encoded segment " + segment, String.join(".", parts));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims in another order, signed by the trusted key: a valid token, it must be allowed. */
    static Mutant permuted(long seed) {
        TestTokens token = base();
        Map<String, Object> claims = token.claims();
        List<String> names = new ArrayList<>(claims.keySet());
        Collections.shuffle(names, new Random(seed));
        for (String name : names) {
            token.claim(name, null);
            token.claim(name, claims.get(name));
        }
        String signed = token.sign(AuthorizerRig.KEY);
        return new Mutant("permuted claims " + names, signed, true, true);
    }

    /**
     * One claim or header parameter replaced by a value of any JSON type, signed by the trusted key. It may be
     * allowed only if the value still has the claim's standard type and meaning.
     */
    static Mutant typeConfused(String name, Object value, boolean header) {
        TestTokens token = base();
        if (value == JSON_NULL && header) {
            token.nullHeader(name);
        } else if (value == JSON_NULL) {
            token.nullClaim(name);
        } else if (header) {
            token.header(name, value);
        } else {
            token.claim(name, value);
        }
        String signed;
        try {
            signed = token.sign(AuthorizerRig.KEY);
        } catch (RuntimeException unsignable) {
            return new Mutant("unsignable", "x", false, false);
        }
        boolean standard = header ? standardHeader(name, value) : standardClaim(name, value);
        return new Mutant((header ? "header " : "claim ") + name + " = " + describe(value), signed, standard, false);
    }

    private static boolean standardClaim(String name, Object value) {
        if (value == JSON_NULL) { // present but null: never a claim's type
            return false;
        }
        if (value == null) { // TestTokens removes a claim set to null: fine for the optional ones only
            return !JwtClaims.REQUIRED.contains(name);
        }
        return switch (name) {
            case "iss" -> AuthorizerRig.ISSUER.equals(value);
            case "aud" -> AuthorizerRig.AUDIENCE.equals(value)
                    || value instanceof List<?> l && l.contains(AuthorizerRig.AUDIENCE)
                    && l.stream().allMatch(String.class::isInstance);
            case "sub", "jti" -> value instanceof String s && !s.isEmpty();
            case "exp" -> value instanceof Number n && n.doubleValue() > AuthorizerRig.NOW.getEpochSecond();
            case "iat" -> value instanceof Number n && n.doubleValue() <= AuthorizerRig.NOW.getEpochSecond();
            case "nbf" -> value instanceof Number n && n.doubleValue() <= AuthorizerRig.NOW.getEpochSecond();
            case "scp" -> value instanceof String || value instanceof List<?> l
                    && l.stream().allMatch(String.class::isInstance);
            default -> value instanceof String;
        };
    }

    private static boolean standardHeader(String name, Object value) {
        if (value == JSON_NULL) { // present but null: refused like any mistyped parameter, even one never read
            return false;
        }
        if (value == null) { // removed: typ is needed (TestTokens puts the key's kid back when it is removed)
            return !name.equals("typ");
        }
        return switch (name) {
            case "typ" -> "JWT".equals(value) || "at+jwt".equals(value) || "application/at+jwt".equals(value)
                    || value instanceof String s && (s.equalsIgnoreCase("jwt") || s.equalsIgnoreCase("at+jwt")
                    || s.equalsIgnoreCase("application/jwt") || s.equalsIgnoreCase("application/at+jwt"));
            case "kid" -> AuthorizerRig.KEY.getKeyID().equals(value);
            case "cty" -> value instanceof String;
            // jku, x5u, jwk, x5c are never read (keys come from the trusted set only): a token that carries them
            // but is signed by the trusted key is still the trusted issuer's token.
            case "jku", "x5u", "jwk", "x5c" -> true;
            // b64 true is RFC 7797's default; an empty crit names nothing critical (RFC 7515 forbids producing it,
            // a recipient may accept it)
            case "b64" -> Boolean.TRUE.equals(value);
            case "crit" -> value instanceof List<?> l && l.isEmpty();
            default -> false;
        };
    }

    static String describe(Object value) {
        if (value == JSON_NULL) {
            return "JSON null";
        }
        String text = String.valueOf(value);
        return (value == null ? "null" : value.getClass().getSimpleName()) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    /** The attacks a strict validator must refuse, each a fresh token. */
    static Mutant attack(int variant) {
        List<String> names = List.of("alg none", "alg NONE", "HS256 keyed with the public key", "attacker EC key, trusted kid",
                "attacker RSA key, trusted kid", "embedded jwk", "jku to attacker", "expired", "not yet valid",
                "issued in the future", "wrong issuer", "wrong audience", "no sub", "no jti", "no exp", "no iat",
                "typ JOSE", "revoked jti");
        int v = Math.floorMod(variant, names.size());
        String token = switch (v) {
            case 0 -> base().unsigned("none");
            case 1 -> base().unsigned("NONE");
            case 2 -> base().signHmac(AuthorizerRig.KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                    AuthorizerRig.KEY.getKeyID());
            case 3 -> base().sign(ATTACKER);
            case 4 -> base().sign(ATTACKER_RSA);
            case 5 -> base().header("jwk", ATTACKER.toPublicJWK().toJSONObject()).sign(ATTACKER);
            case 6 -> base().header("jku", "https://attacker.example/jwks.json").sign(ATTACKER);
            case 7 -> base().issuedAt(AuthorizerRig.NOW.minusSeconds(7200)).expiresAt(AuthorizerRig.NOW.minusSeconds(1))
                    .sign(AuthorizerRig.KEY);
            case 8 -> base().claim("nbf", AuthorizerRig.NOW.plusSeconds(60).getEpochSecond()).sign(AuthorizerRig.KEY);
            case 9 -> base().issuedAt(AuthorizerRig.NOW.plusSeconds(60)).sign(AuthorizerRig.KEY);
            case 10 -> base().claim("iss", AuthorizerRig.ISSUER + "/").sign(AuthorizerRig.KEY);
            case 11 -> base().claim("aud", "another-api").sign(AuthorizerRig.KEY);
            case 12 -> base().without("sub").sign(AuthorizerRig.KEY);
            case 13 -> base().without("jti").sign(AuthorizerRig.KEY);
            case 14 -> base().without("exp").sign(AuthorizerRig.KEY);
            case 15 -> base().without("iat").sign(AuthorizerRig.KEY);
            case 16 -> base().header("typ", "JOSE").sign(AuthorizerRig.KEY);
            default -> REVOKED;
        };
        return new Mutant("attack: " + names.get(v), token, false, false);
    }

    /**
     * A claim holding a huge string or deeply nested JSON, signed by the trusted key. The payload is written by
     * hand: a JSON library would itself overflow its stack serialising thousands of levels.
     */
    static Mutant oversized(int size, int depth, boolean nested) {
        String extra = nested ? "[{\"k\":".repeat(depth / 2) + "[\"leaf\"]" + "}]".repeat(depth / 2)
                : "\"" + "x".repeat(size) + "\"";
        String claims = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(base().claims());
        String payload = claims.substring(0, claims.length() - 1) + ",\"extra\":" + extra + "}";
        String token;
        try {
            com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
                    new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
                            .type(com.nimbusds.jose.JOSEObjectType.JWT).keyID(AuthorizerRig.KEY.getKeyID()).build(),
                    new com.nimbusds.jose.Payload(payload));
            jws.sign(new com.nimbusds.jose.crypto.ECDSASigner(AuthorizerRig.KEY));
            token = jws.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        // An extra claim is allowed by the contract when the token still fits JWT_MAX_TOKEN_BYTES (8192).
        return new Mutant((nested ? "nested depth " + depth : "string of " + size) + " (" + token.length() + " chars)",
                token, true, false);
    }
}
