package dev.tokengate.core.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A remote key set (nimbus's cache, refresh rate limiter and outage tolerance) that never answers a {@code kid} no
 * fetch has looked for with a refusal. Tokens with random {@code kid}s can spend the refresh budget at will; a valid
 * token signed by a key the issuer has just rotated in would then be refused with a 401 that API Gateway caches for
 * the authorizer TTL. Instead, while the budget is spent:
 * <ul>
 *   <li>the endpoint's last fetch failed: the rate-limit refusal stays an outage ({@code KEYS_UNAVAILABLE});</li>
 *   <li>a fetch has shown the {@code kid} absent ({@link UnknownKids}): no key, the selector answers {@code
 *       UNKNOWN_KEY};</li>
 *   <li>otherwise: {@code KEY_REFRESH_DEFERRED}, an uncached error; the next fetch decides.</li>
 * </ul>
 * The price is that random {@code kid}s become errors rather than 401s while the budget is spent; they never cost a
 * fetch more than the rate limiter allows.
 */
final class DeferringJwkSource implements JWKSource<ValidationContext> {
    private final JWKSource<ValidationContext> keys;
    private final UnknownKids unknownKids;
    private final BooleanSupplier inOutage;

    DeferringJwkSource(JWKSource<ValidationContext> keys, UnknownKids unknownKids, BooleanSupplier inOutage) {
        this.keys = keys;
        this.unknownKids = unknownKids;
        this.inOutage = inOutage;
    }

    @Override
    public List<JWK> get(JWKSelector selector, ValidationContext context) throws KeySourceException {
        long startedBefore = unknownKids.fetchesStarted();
        String kid = kidOf(selector);
        try {
            List<JWK> found = keys.get(selector, context);
            if (found.isEmpty() && kid != null) {
                unknownKids.missed(kid, startedBefore);
            }
            return found;
        } catch (RateLimitReachedException spent) {
            if (kid == null || inOutage.getAsBoolean()) {
                throw spent; // the endpoint is failing: we cannot know the key (KEYS_UNAVAILABLE)
            }
            if (unknownKids.checkedAbsent(kid, startedBefore)) {
                return List.of();
            }
            context.refuse(DenyReason.KEY_REFRESH_DEFERRED,
                    "no cached key has this kid, no fetch has looked for it yet and the JWKS refresh budget is spent");
            throw Refusals.KEY_REFUSED;
        }
    }

    /** The one kid the trusted key selector asks for. */
    private static String kidOf(JWKSelector selector) {
        Set<String> kids = selector.getMatcher().getKeyIDs();
        return kids != null && kids.size() == 1 ? kids.iterator().next() : null;
    }
}
