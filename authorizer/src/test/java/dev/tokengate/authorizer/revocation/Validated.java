package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.token.Confirmation;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Verified-token values for revocation tests (the lookup only ever sees tokens the validator accepted). */
final class Validated {
    static final Instant ISSUED = Instant.parse("2026-03-01T10:00:00Z");

    private Validated() {
    }

    static ValidatedToken token(String sub, String jti) {
        return token(sub, jti, null, ISSUED);
    }

    static ValidatedToken token(String sub, String jti, String originJti, Instant issuedAt) {
        return ofIssuer("default", sub, jti, originJti, issuedAt);
    }

    /** A token that carries the issuer's session id ({@code sid}). */
    static ValidatedToken withSession(String issuerId, String sub, String jti, String sid, Instant issuedAt) {
        return new ValidatedToken(issuerId, sub, jti, "https://" + issuerId + ".example.com", List.of("api"),
                issuedAt.plusSeconds(3600), issuedAt, Set.of("orders:read"), Optional.empty(), Optional.empty(),
                Optional.of(sid), Confirmation.NONE);
    }

    /** A token verified by another issuer profile. */
    static ValidatedToken ofIssuer(String issuerId, String sub, String jti, String originJti, Instant issuedAt) {
        return new ValidatedToken(issuerId, sub, jti, "https://" + issuerId + ".example.com", List.of("api"),
                issuedAt.plusSeconds(3600), issuedAt, Set.of("orders:read"), Optional.empty(),
                Optional.ofNullable(originJti), Optional.empty(), Confirmation.NONE);
    }
}
