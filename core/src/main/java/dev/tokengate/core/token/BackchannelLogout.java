package dev.tokengate.core.token;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An issuer profile's OpenID Connect Back-Channel Logout 1.0 receiver, {@code POST /backchannel-logout/<id>}: on only
 * for profiles that name it. A logout token is verified with the profile's own keys and algorithms; these are the
 * rules that differ from the profile's access tokens.
 *
 * @param audiences the client ids this deployment is registered under at the identity provider: the logout token's
 *     {@code aud} must name one of them
 * @param types accepted {@code typ} values, normalised (lower case, without {@code application/}); default
 *     {@code logout+jwt}
 * @param allowMissingType whether a logout token without {@code typ} is accepted (default: yes, the specification
 *     only recommends explicit typing)
 */
public record BackchannelLogout(Set<String> audiences, Set<String> types, boolean allowMissingType) {
    /** The field's name in a profile, and in messages about it. */
    public static final String FIELD = "backchannelLogout";
    /** Section 2.4: the explicit type of a logout token. */
    public static final String LOGOUT_TYPE = "logout+jwt";
    /** Types never accepted for a logout token, whatever is configured: another token's explicit type. */
    static final Set<String> FOREIGN_TYPES = Set.of("at+jwt", "dpop+jwt", "secevent+jwt", "id_token+jwt");

    public BackchannelLogout {
        audiences = copy("audiences", audiences);
        if (audiences.isEmpty()) {
            throw new IssuerProfile.Invalid(FIELD, "audiences must name the client id(s) registered at the issuer");
        }
        types = copy("types", types);
        if (types.isEmpty() && !allowMissingType) {
            throw new IssuerProfile.Invalid(FIELD, "types must accept at least one typ value (or none)");
        }
        for (String type : types) {
            if (FOREIGN_TYPES.contains(type)) {
                throw new IssuerProfile.Invalid(FIELD, "types: " + type + " is another token's type; a logout "
                        + "token must never be confused with it");
            }
        }
    }

    /** The specification's defaults: {@code typ} {@code logout+jwt} or none. */
    public static BackchannelLogout forAudiences(Set<String> audiences) {
        return new BackchannelLogout(audiences, Set.of(LOGOUT_TYPE), true);
    }

    private static Set<String> copy(String name, Set<String> values) {
        if (values == null) {
            throw new IssuerProfile.Invalid(FIELD, name + " is required");
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new IssuerProfile.Invalid(FIELD, name + " must not contain empty values");
            }
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }
}
