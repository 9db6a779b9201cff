package dev.tokengate.core.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of a token whose signature, header and claims have all been verified. Nothing else builds one, so
 * holding a {@code ValidatedToken} means the values can be used to build DynamoDB keys.
 */
public record ValidatedToken(
        String subject,
        String tokenId,
        String issuer,
        List<String> audience,
        Instant expiresAt,
        Instant issuedAt,
        Set<String> scopes,
        Optional<String> clientId,
        Optional<String> originTokenId,
        Optional<String> sessionId) {

    public ValidatedToken {
        audience = List.copyOf(audience);
        scopes = Set.copyOf(scopes);
    }

    /** The scopes as one space-separated string (the OAuth {@code scope} form), sorted for stable output. */
    public String scopeString() {
        return String.join(" ", scopes.stream().sorted().toList());
    }
}
