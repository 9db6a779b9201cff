package dev.tokengate.core.token;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The token's {@code cnf} claim (RFC 7800): the key or certificate the token is bound to, as far as tokengate can
 * verify one. Read only from a token whose signature verified. {@link #present} with an unsupported member (or
 * with no member at all) is a binding nobody can check here, which the authorizer refuses rather than ignores.
 *
 * @param present whether the token carries {@code cnf} at all
 * @param jwkThumbprint {@code cnf.jkt} (RFC 9449 section 6.1): the base64url SHA-256 JWK thumbprint of the DPoP key
 * @param certificateThumbprint {@code cnf.x5t#S256} (RFC 8705 section 3.1): the base64url SHA-256 thumbprint of the
 *     DER client certificate
 * @param otherMembers the names of every other member ({@code jwk}, {@code kid}, ...)
 */
public record Confirmation(boolean present, Optional<String> jwkThumbprint, Optional<String> certificateThumbprint,
                           Set<String> otherMembers) {
    public static final String JKT = "jkt";
    public static final String X5T_S256 = "x5t#S256";
    public static final Confirmation NONE = new Confirmation(false, Optional.empty(), Optional.empty(), Set.of());

    /**
     * A SHA-256 digest in unpadded base64url: 32 bytes are 43 characters. The last one's 2 spare bits are not
     * required to be zero (RFC 8705's own example sets them): thumbprints are compared as the bytes they decode to.
     */
    private static final Pattern SHA256_BASE64URL = Pattern.compile("[A-Za-z0-9_-]{43}");

    public Confirmation {
        Objects.requireNonNull(jwkThumbprint, "jwkThumbprint");
        Objects.requireNonNull(certificateThumbprint, "certificateThumbprint");
        otherMembers = Set.copyOf(otherMembers);
    }

    /** Reads a verified token's {@code cnf} value; {@link #problem} has already accepted its shape. */
    static Confirmation of(Object cnf) {
        if (!(cnf instanceof Map<?, ?> members)) {
            return NONE;
        }
        Set<String> others = new LinkedHashSet<>();
        for (Object name : members.keySet()) {
            if (!JKT.equals(name) && !X5T_S256.equals(name)) {
                others.add(String.valueOf(name));
            }
        }
        return new Confirmation(true, Optional.ofNullable((String) members.get(JKT)),
                Optional.ofNullable((String) members.get(X5T_S256)), others);
    }

    /** Why a {@code cnf} value is malformed, if it is: not an object, or a thumbprint that is not one. */
    static Optional<String> problem(Object cnf) {
        if (cnf == null) {
            return Optional.empty();
        }
        if (!(cnf instanceof Map<?, ?> members)) {
            return Optional.of("cnf must be a JSON object");
        }
        for (String name : new String[] {JKT, X5T_S256}) {
            Object value = members.get(name);
            if (members.containsKey(name) && !(value instanceof String s && SHA256_BASE64URL.matcher(s).matches())) {
                return Optional.of("cnf." + name + " must be a base64url SHA-256 thumbprint");
            }
        }
        return Optional.empty();
    }

    /** Whether the token names a key or certificate it is bound to. */
    public boolean isBound() {
        return present;
    }
}
