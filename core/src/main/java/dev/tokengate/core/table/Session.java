package dev.tokengate.core.table;

import java.util.Objects;

/**
 * A session at an issuer, as its {@code sid} claim names it (OpenID Connect Front-/Back-Channel Logout): unique only
 * within its issuer, like a {@code sub}. A back-channel logout may name a session without naming its user, so a
 * session's revocation is keyed by issuer and {@code sid} alone ({@code SESSION#<issuerId>#<sid>}), which the
 * authorizer reaches from an access token's own {@code sid}.
 */
public record Session(String issuerId, String sid) {
    public Session {
        if (!Principal.isIssuerId(issuerId)) {
            throw new IllegalArgumentException("issuerId must match " + Principal.ISSUER_ID.pattern());
        }
        Objects.requireNonNull(sid, "sid");
        if (!TokenIds.isValid(sid)) {
            throw new IllegalArgumentException("sid is not a valid id");
        }
    }
}
