package dev.tokengate.core.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** How the profile fields both readers share are read from text: algorithm names, {@code typ} values, a JWK set. */
final class ProfileFields {
    private ProfileFields() {
    }

    static Set<JWSAlgorithm> algorithms(Collection<String> names) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : names) {
            algorithms.add(algorithm(name));
        }
        return algorithms;
    }

    static JWSAlgorithm algorithm(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (isNone(name)) {
            throw new IssuerProfile.Invalid("algorithms", "'none' is refused: unsigned tokens are never accepted");
        }
        if (upper.startsWith("HS")) {
            throw new IssuerProfile.Invalid("algorithms", name + " is refused: symmetric algorithms let anyone "
                    + "holding the verification secret mint tokens; use an asymmetric algorithm (RS256, ES256, ...)");
        }
        for (JWSAlgorithm supported : IssuerProfile.SUPPORTED_ALGORITHMS) {
            if (supported.getName().equals(upper)) {
                return supported;
            }
        }
        throw new IssuerProfile.Invalid("algorithms", name + " is not an accepted algorithm; choose from "
                + IssuerProfile.SUPPORTED_ALGORITHMS.stream().map(JWSAlgorithm::getName).sorted().toList());
    }

    /** Reads {@code typ} values into the draft; {@code none} means a token without {@code typ} is accepted. */
    static void types(Collection<String> values, ProfileDraft draft) {
        Set<String> types = new LinkedHashSet<>();
        for (String type : values) {
            if (type.equalsIgnoreCase("none")) {
                draft.allowMissingType = true;
            } else {
                types.add(normaliseType(type));
            }
        }
        draft.types = types;
    }

    /** RFC 8725 3.11: {@code typ} compares case-insensitively and may omit the {@code application/} prefix. */
    static String normaliseType(String type) {
        String lower = type.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    static boolean isNone(String algorithmName) {
        return "none".equalsIgnoreCase(algorithmName);
    }

    static KeySource.Inline inlineJwks(String json) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IssuerProfile.Invalid("jwks", "is not a valid JWK set (RFC 7517 JSON with a \"keys\" array)");
        }
        try {
            return new KeySource.Inline(set);
        } catch (IllegalArgumentException e) {
            throw new IssuerProfile.Invalid("jwks", e.getMessage());
        }
    }
}
