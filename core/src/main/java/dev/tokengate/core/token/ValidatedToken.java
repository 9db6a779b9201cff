package dev.tokengate.core.token;

import dev.tokengate.core.table.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of a token whose signature, header and claims have all been verified. Nothing else builds one, so
 * holding a {@code ValidatedToken} means the values can be used to build DynamoDB keys.
 *
 * @param issuerId the id of the issuer profile whose keys verified it
 * @param confirmation what the token is bound to ({@code cnf}), {@link Confirmation#NONE} for a bearer token
 */
public record ValidatedToken(
        String issuerId,
        String subject,
        String tokenId,
        String issuer,
        List<String> audience,
        Instant expiresAt,
        Instant issuedAt,
        Set<String> scopes,
        Optional<String> clientId,
        Optional<String> originTokenId,
        Optional<String> sessionId,
        Confirmation confirmation) {

    public ValidatedToken {
        if (!Principal.isIssuerId(issuerId)) {
            throw new IllegalArgumentException("issuerId must match " + Principal.ISSUER_ID.pattern());
        }
        audience = List.copyOf(audience);
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(confirmation, "confirmation");
    }

    /** Who the token speaks for: its {@code sub} within its issuer. */
    public Principal principal() {
        return new Principal(issuerId, subject);
    }

    /** The scopes as one space-separated string (the OAuth {@code scope} form), sorted for stable output. */
    public String scopeString() {
        String[] sorted = scopes.toArray(new String[0]); // not a stream: this runs on every Allow, mostly under C1
        Arrays.sort(sorted);
        return String.join(" ", sorted);
    }
}
