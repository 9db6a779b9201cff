package dev.tokengate.core.table;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user as the token table knows one: a {@code sub} is unique only within its issuer (OIDC Core 2), so every key,
 * every ownership check and every cache entry names the issuer profile too.
 *
 * @param issuerId the issuer profile's id ({@code default} for the single-issuer variables)
 * @param sub the subject, as the verified token (or the admin's request) names it
 */
public record Principal(String issuerId, String sub) {
    /** Profile ids: short, lower case, and never a {@code #}, so {@code USER#<issuerId>#<sub>} parses one way. */
    public static final Pattern ISSUER_ID = Pattern.compile("[a-z0-9-]{1,32}");

    public Principal {
        if (!isIssuerId(issuerId)) {
            throw new IllegalArgumentException("issuerId must match " + ISSUER_ID.pattern());
        }
        Objects.requireNonNull(sub, "sub");
        if (!TokenIds.isValid(sub)) {
            throw new IllegalArgumentException("sub is not a valid id");
        }
    }

    public static boolean isIssuerId(String value) {
        return value != null && ISSUER_ID.matcher(value).matches();
    }

    /** Whether both name the same issuer profile. */
    public boolean sameIssuerAs(Principal other) {
        return issuerId.equals(other.issuerId);
    }
}
