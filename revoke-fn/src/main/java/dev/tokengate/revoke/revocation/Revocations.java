package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenIds;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.core.token.ValidatedToken;
import dev.tokengate.core.token.ValidationResult;
import dev.tokengate.revoke.cache.AuthorizerCacheFlush;
import dev.tokengate.revoke.cache.FlushStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The revocation API's rules, free of any web framework. Every operation runs in the same order: check the values
 * the caller sent (ids, reason), ask the {@link RevocationPolicy} whether the caller may act on the target user, and
 * only then build a key in that user's partition and read or write it. So a refused caller causes no DynamoDB call at
 * all and gets the same answer whatever exists.
 *
 * <p>Item lifetimes ({@code ttl}, epoch seconds; see DESIGN.md):
 * <ul>
 *   <li>token revoked by presenting it: its verified {@code exp + clock skew} (the last moment the authorizer could
 *   accept it);</li>
 *   <li>token revoked by id: {@code max(exp, now + MAX_TOKEN_LIFETIME_SECONDS) + skew}, since the {@code exp} in the
 *   body is unverified and no token the authorizer accepts outlives {@code now + MAX_TOKEN_LIFETIME_SECONDS};</li>
 *   <li>family: {@code now + MAX_TOKEN_LIFETIME_SECONDS + skew}: members of the family may still be minted from a
 *   refresh token issued up to now, and none lives longer than the maximum lifetime;</li>
 *   <li>revoke-all: {@code revokedBefore + MAX_TOKEN_LIFETIME_SECONDS + skew}: after that, every token it covers has
 *   expired on its own.</li>
 * </ul>
 * A write never shortens an item's existing {@code ttl} (see {@link RevocationWriter}).
 */
public final class Revocations {
    public static final int MAX_REASON_CHARS = 256;

    private final RevocationPolicy policy;
    private final RevocationWriter writer;
    private final TokenStateReader reader;
    private final JwtValidator validator;
    private final AuthorizerCacheFlush cacheFlush;
    private final Clock clock;
    private final Duration skew;
    private final Duration maxTokenLifetime;

    public Revocations(RevocationPolicy policy, RevocationWriter writer, TokenStateReader reader,
                       JwtValidator validator, AuthorizerCacheFlush cacheFlush, Clock clock, Duration skew,
                       Duration maxTokenLifetime) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.cacheFlush = Objects.requireNonNull(cacheFlush, "cacheFlush");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.maxTokenLifetime = Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime");
    }

    /**
     * {@code POST /revocations} by id: the caller names the token's {@code sub}, {@code jti} and maybe {@code exp}.
     * Always writes: only a verified {@code exp} (a presented token) may answer "already expired".
     */
    public Outcome revokeToken(Caller caller, String sub, String jti, Optional<Long> exp, Optional<String> reason) {
        Outcome invalid = firstProblem(idProblem("sub", sub), idProblem("jti", jti), reasonProblem(reason));
        if (invalid != null) {
            return invalid;
        }
        Instant now = clock.instant();
        if (exp.isPresent()) {
            long value = exp.get();
            if (value <= 0) {
                return new Outcome.Invalid("exp", "must be a positive number of seconds since the epoch");
            }
            long latest = now.plus(maxTokenLifetime).plus(skew).getEpochSecond();
            if (value > latest) {
                // almost always milliseconds sent as seconds; a ttl that far out would keep the item for ages
                return new Outcome.Invalid("exp", "is later than any token may live (MAX_TOKEN_LIFETIME_SECONDS)");
            }
        }
        Principal target = new Principal(caller.issuerId(), sub);
        if (!policy.permits(caller, target)) {
            return new Outcome.Forbidden();
        }
        // exp here is the caller's word, not a verified claim: it may neither skip the write ("already expired")
        // nor shorten the item's life. No token the authorizer accepts lives past now + MAX_TOKEN_LIFETIME_SECONDS
        // (it refuses exp - iat above that), so keeping the item that long covers the token whatever exp it has.
        long ttl = Math.max(exp.orElse(0L), now.plus(maxTokenLifetime).getEpochSecond()) + skew.getSeconds();
        return write(() -> writer.revokeToken(target, jti, exp, ttl, now, caller.sub(), reason));
    }

    /**
     * {@code POST /revocations} with the token itself: it must verify (signature, issuer, audience, every claim but
     * expiry), and the user and id come from its verified claims, never from the body.
     */
    public Outcome revokePresentedToken(Caller caller, String token, Optional<String> reason) {
        Outcome invalid = reasonProblem(reason);
        if (invalid != null) {
            return invalid;
        }
        Instant now = clock.instant();
        ValidationResult result = validator.validateIgnoringExpiry(token, now);
        if (result instanceof ValidationResult.Rejected rejected) {
            if (rejected.reason().outcome() == DenyReason.Outcome.UNAVAILABLE) {
                return new Outcome.Unavailable(true, rejected.reason().name());
            }
            return new Outcome.Invalid("token", "was refused: " + rejected.reason().name());
        }
        ValidatedToken verified = ((ValidationResult.Valid) result).token();
        if (!TokenIds.isValid(verified.subject()) || !TokenIds.isValid(verified.tokenId())) {
            return new Outcome.Invalid("token", "its sub or jti is not a usable id");
        }
        Principal target = verified.principal();
        if (!policy.permits(caller, target)) {
            return new Outcome.Forbidden();
        }
        long exp = verified.expiresAt().getEpochSecond();
        if (isExpired(exp, now)) {
            return new Outcome.AlreadyExpired(target, verified.tokenId(), exp);
        }
        long ttl = exp + skew.getSeconds();
        return write(() -> writer.revokeToken(target, verified.tokenId(), Optional.of(exp), ttl, now, caller.sub(),
                reason));
    }

    /** {@code POST /revocations/families}: every token of one refresh-token lineage. */
    public Outcome revokeFamily(Caller caller, String sub, String originJti, Optional<String> reason) {
        Outcome invalid = firstProblem(idProblem("sub", sub), idProblem("originJti", originJti),
                reasonProblem(reason));
        if (invalid != null) {
            return invalid;
        }
        Principal target = new Principal(caller.issuerId(), sub);
        if (!policy.permits(caller, target)) {
            return new Outcome.Forbidden();
        }
        Instant now = clock.instant();
        long ttl = now.plus(maxTokenLifetime).plus(skew).getEpochSecond();
        return write(() -> writer.revokeFamily(target, originJti, ttl, now, caller.sub(), reason));
    }

    /**
     * {@code POST /users/{sub}/revoke-all}: every token of the user issued up to now. {@code iat} has one-second
     * resolution, so the marker is the next whole second: a token issued in this same second is covered too. And
     * an issuer whose clock runs up to the clock skew ahead of ours stamps a token issued just before this call
     * with an {@code iat} up to {@code now + skew}, which the authorizer accepts: the marker adds the skew so that
     * token is covered as well. The safe side: a user who logs in again within {@code 1 + skew} seconds simply has
     * to log in once more.
     */
    public Outcome revokeAll(Caller caller, String sub, Optional<String> reason) {
        Outcome invalid = firstProblem(idProblem("sub", sub), reasonProblem(reason));
        if (invalid != null) {
            return invalid;
        }
        Principal target = new Principal(caller.issuerId(), sub);
        if (!policy.permits(caller, target)) {
            return new Outcome.Forbidden();
        }
        Instant now = clock.instant();
        long revokedBefore = now.getEpochSecond() + 1 + skew.getSeconds();
        long ttl = revokedBefore + maxTokenLifetime.getSeconds() + skew.getSeconds();
        return write(() -> writer.revokeAllBefore(target, revokedBefore, ttl, now, caller.sub(), reason));
    }

    /** {@code GET /revocations/{jti}?sub=}: {@code sub} defaults to the caller's own. */
    public Outcome tokenState(Caller caller, Optional<String> sub, String jti) {
        String target = sub.orElse(caller.sub());
        Outcome invalid = firstProblem(idProblem("sub", target), idProblem("jti", jti));
        if (invalid != null) {
            return invalid;
        }
        Principal user = new Principal(caller.issuerId(), target);
        if (!policy.permits(caller, user)) {
            return new Outcome.Forbidden();
        }
        try {
            return new Outcome.Found(reader.read(user, jti));
        } catch (StoreException e) {
            return new Outcome.Unavailable(e.isTransient(), e.causeType());
        }
    }

    private boolean isExpired(long exp, Instant now) {
        // the authorizer still accepts a token up to exp + skew: until then a revocation matters
        return now.getEpochSecond() > exp + skew.getSeconds();
    }

    private Outcome write(Supplier<RevocationWriter.Result> write) {
        RevocationWriter.Result result;
        try {
            result = write.get();
        } catch (StoreException e) {
            return new Outcome.Unavailable(e.isTransient(), e.causeType());
        }
        if (!result.record().revoked()) {
            // the writer's conditions should make this impossible; if the stored item still revokes nothing,
            // answering success would be a lie the caller relies on
            return new Outcome.Unavailable(false, "RevocationNotStored");
        }
        FlushStatus flush = cacheFlush.flushAll();
        return new Outcome.Revoked(result.record(), !result.written(), flush);
    }

    private static Outcome idProblem(String field, String value) {
        return TokenIds.problem(value).<Outcome>map(problem -> new Outcome.Invalid(field, problem)).orElse(null);
    }

    private static Outcome reasonProblem(Optional<String> reason) {
        if (reason.isEmpty()) {
            return null;
        }
        String value = reason.get();
        if (value.isEmpty() || value.length() > MAX_REASON_CHARS) {
            return new Outcome.Invalid("reason", "must be 1 to " + MAX_REASON_CHARS + " characters");
        }
        if (!TokenIds.isValid(value)) {
            return new Outcome.Invalid("reason", "must be plain text without control characters");
        }
        return null;
    }

    private static Outcome firstProblem(Outcome... problems) {
        for (Outcome problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
