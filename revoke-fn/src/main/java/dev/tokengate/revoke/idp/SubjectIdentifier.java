package dev.tokengate.revoke.idp;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code sub_id} of a Global Token Revocation request: a Subject Identifier for Security Event Tokens (RFC 9493),
 * reduced to the formats that name a tokengate user without guessing.
 * <ul>
 *   <li>{@code iss_sub} ({@code iss}, {@code sub}): the issuer profile whose exact issuer is {@code iss}, and that
 *   {@code sub} in it;</li>
 *   <li>{@code opaque} ({@code id}): a user id at the authorization server, which for tokengate is a {@code sub} of
 *   the caller's own issuer (as {@code POST /users/{sub}/revoke-all} without {@code issuerId}).</li>
 * </ul>
 * Emails, phone numbers, accounts, DIDs and URIs are not {@code sub}s and are refused (400, as the draft says for an
 * unsupported format): mapping them would be a guess.
 */
public sealed interface SubjectIdentifier {

    /** {@code iss_sub}. */
    record IssuerAndSubject(String iss, String sub) implements SubjectIdentifier {
    }

    /** {@code opaque}: a {@code sub} of the caller's own issuer. */
    record Opaque(String id) implements SubjectIdentifier {
    }

    /**
     * Reads one from the members of the {@code sub_id} object (all strings): the format's members exactly, nothing
     * else. Empty when the format is missing, unsupported, or its members are not exactly the format's.
     */
    static Optional<SubjectIdentifier> of(Map<String, String> members) {
        String format = members.get("format");
        if ("iss_sub".equals(format) && members.keySet().equals(java.util.Set.of("format", "iss", "sub"))) {
            return Optional.of(new IssuerAndSubject(members.get("iss"), members.get("sub")));
        }
        if ("opaque".equals(format) && members.keySet().equals(java.util.Set.of("format", "id"))) {
            return Optional.of(new Opaque(members.get("id")));
        }
        return Optional.empty();
    }
}
