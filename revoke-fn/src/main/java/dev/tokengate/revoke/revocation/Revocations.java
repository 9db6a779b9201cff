package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationActor;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.core.table.RevokeAllMarker;
import dev.tokengate.core.table.TokenIds;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.core.token.ValidatedToken;
import dev.tokengate.core.token.ValidationResult;
import dev.tokengate.revoke.cache.AuthorizerCacheFlush;
import dev.tokengate.revoke.cache.FlushStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The revocation API's rules, free of any web framework. Every operation runs in the same order: check the values
 * the caller sent (ids, reason, target issuer), ask the {@link RevocationPolicy} whether the caller may act on the
 * target user, and only then build a key in that user's partition and read or write it. So a refused caller causes
 * no DynamoDB call at all and gets the same answer whatever exists.
 *
 * <p>The target user is a {@code sub} within an issuer profile: the caller's own issuer unless the request names
 * another ({@code issuerId}), which only an admin whose profile allows {@code crossIssuerAdmin} may do. Item
 * lifetimes ({@code ttl}, epoch seconds; see DESIGN.md) come from the target's profile:
 * <ul>
 *   <li>token revoked by presenting it: its verified {@code exp + clock skew} (the last moment the authorizer could
 *   accept it);</li>
 *   <li>token revoked by id: {@code max(exp, now + max token lifetime) + skew}, since the {@code exp} in the body is
 *   unverified and no token the authorizer accepts outlives {@code now + max token lifetime};</li>
 *   <li>family: {@code now + max refresh-token lifetime + max token lifetime + skew}: a refresh token issued up to
 *   now can mint members of the family for its whole life, and the last one minted lives a token lifetime more;</li>
 *   <li>revoke-all: {@code revokedBefore + max token lifetime + skew}: after that, every token it covers has expired
 *   on its own.</li>
 * </ul>
 * A write never shortens an item's existing {@code ttl} (see {@link RevocationWriter}).
 *
 * <p>What one caller can write is bounded, because every state change is an audit item and, where configured, an
 * authorizer-cache flush: a caller without the admin scope revokes by id only the token it calls with (any other of
 * its tokens it presents, which needs a token the issuer really signed), a family only of that token, and its
 * revoke-all marker moves at most once a second. A call that changes nothing writes nothing and flushes nothing.
 * Records are shown to a non-admin caller without an administrator's identity or reason.
 */
public final class Revocations {
    public static final int MAX_REASON_CHARS = 256;

    private final RevocationPolicy policy;
    private final RevocationWriter writer;
    private final TokenStateReader reader;
    private final JwtValidator validator;
    private final AuthorizerCacheFlush cacheFlush;
    private final Clock clock;
    private final JwtConfig trust;

    public Revocations(RevocationPolicy policy, RevocationWriter writer, TokenStateReader reader,
                       JwtValidator validator, AuthorizerCacheFlush cacheFlush, Clock clock, JwtConfig trust) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.cacheFlush = Objects.requireNonNull(cacheFlush, "cacheFlush");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** The user a request names: a {@code sub} within the caller's issuer, or within the issuer it names. */
    public record Target(Optional<String> issuerId, String sub) {
        public static Target ofCallersIssuer(String sub) {
            return new Target(Optional.empty(), sub);
        }
    }

    /**
     * {@code POST /revocations} by id: the caller names the token's {@code sub}, {@code jti} and maybe {@code exp}.
     * Always writes: only a verified {@code exp} (a presented token) may answer "already expired".
     */
    public Outcome revokeToken(Caller caller, Target target, String jti, Optional<Long> exp, Optional<String> reason) {
        Outcome invalid = firstProblem(targetProblem(target), idProblem("jti", jti), reasonProblem(reason));
        if (invalid != null) {
            return invalid;
        }
        Principal user = principal(caller, target);
        if (!policy.permits(caller, user)) {
            return new Outcome.Forbidden();
        }
        Optional<IssuerProfile> profile = trust.profile(user.issuerId());
        if (profile.isEmpty()) {
            return unknownIssuer();
        }
        Instant now = clock.instant();
        long skew = profile.get().clockSkew().getSeconds();
        long longest = now.plus(profile.get().maxTokenLifetime()).getEpochSecond();
        if (exp.isPresent()) {
            if (exp.get() <= 0) {
                return new Outcome.Invalid("exp", "must be a positive number of seconds since the epoch");
            }
            if (exp.get() > longest + skew) {
                // almost always milliseconds sent as seconds; a ttl that far out would keep the item for ages
                return new Outcome.Invalid("exp", "is later than any token of this issuer may live");
            }
        }
        if (!isAdmin(caller) && !caller.tokenId().equals(Optional.of(jti))) {
            return new Outcome.Forbidden(Outcome.Forbidden.Rule.ONLY_THE_CALLING_TOKEN_BY_ID);
        }
        // exp here is the caller's word, not a verified claim: it may neither skip the write ("already expired")
        // nor shorten the item's life. A token the authorizer accepts was issued at most a skew ahead (iat), lives
        // at most the max token lifetime after that (it refuses exp - iat above that), and is accepted a skew past
        // its exp: keeping the item until now + lifetime + two skews covers the token whatever exp it has.
        long ttl = Math.max(exp.orElse(0L), longest + skew) + skew;
        return shownTo(caller, write(() -> writer.revokeToken(user, jti, exp, ttl, now,
                RevocationActor.caller(caller.principal()), reason)));
    }

    /**
     * {@code POST /revocations} with the token itself: it must verify (signature, issuer, audience, every claim but
     * expiry), and the user, issuer and id come from its verified claims, never from the body.
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
        Principal user = verified.principal();
        if (!policy.permits(caller, user)) {
            return new Outcome.Forbidden();
        }
        long skew = trust.profile(user.issuerId()).orElseThrow().clockSkew().getSeconds();
        long exp = verified.expiresAt().getEpochSecond();
        if (now.getEpochSecond() > exp + skew) {
            // the authorizer still accepts a token up to exp + skew: until then a revocation matters
            return new Outcome.AlreadyExpired(user, verified.tokenId(), exp);
        }
        return shownTo(caller, write(() -> writer.revokeToken(user, verified.tokenId(), Optional.of(exp), exp + skew,
                now, RevocationActor.caller(caller.principal()), reason)));
    }

    /** {@code POST /revocations/families}: every token of one refresh-token lineage. */
    public Outcome revokeFamily(Caller caller, Target target, String originJti, Optional<String> reason) {
        Outcome invalid = firstProblem(targetProblem(target), idProblem("originJti", originJti),
                reasonProblem(reason));
        if (invalid != null) {
            return invalid;
        }
        Principal user = principal(caller, target);
        if (!policy.permits(caller, user)) {
            return new Outcome.Forbidden();
        }
        if (!isAdmin(caller) && !caller.originJti().equals(Optional.of(originJti))) {
            return new Outcome.Forbidden(Outcome.Forbidden.Rule.ONLY_THE_CALLING_TOKENS_FAMILY);
        }
        Optional<IssuerProfile> profile = trust.profile(user.issuerId());
        if (profile.isEmpty()) {
            return unknownIssuer();
        }
        Instant now = clock.instant();
        long ttl = now.plus(profile.get().familyRetention()).getEpochSecond();
        return shownTo(caller, write(() -> writer.revokeFamily(user, originJti, ttl, now,
                RevocationActor.caller(caller.principal()), reason)));
    }

    /**
     * {@code POST /users/{sub}/revoke-all}: every token of the user issued up to now. {@code iat} has one-second
     * resolution, so the marker is the next whole second: a token issued in this same second is covered too. And
     * an issuer whose clock runs up to the clock skew ahead of ours stamps a token issued just before this call
     * with an {@code iat} up to {@code now + skew}, which the authorizer accepts: the marker adds the skew so that
     * token is covered as well. The safe side: a user who logs in again within {@code 1 + skew} seconds simply has
     * to log in once more.
     */
    public Outcome revokeAll(Caller caller, Target target, Optional<String> reason) {
        Outcome invalid = firstProblem(targetProblem(target), reasonProblem(reason));
        if (invalid != null) {
            return invalid;
        }
        Principal user = principal(caller, target);
        if (!policy.permits(caller, user)) {
            return new Outcome.Forbidden();
        }
        Optional<IssuerProfile> profile = trust.profile(user.issuerId());
        if (profile.isEmpty()) {
            return unknownIssuer();
        }
        return shownTo(caller, revokeAllOf(user, profile.get(), RevocationActor.caller(caller.principal()), reason,
                RevocationSource.API));
    }

    /**
     * A revoke-all the identity provider announced (back-channel logout, global token revocation): the request has
     * authenticated itself (a verified logout token, an admin's token checked by the caller), so there is no caller
     * to check here. {@code actor} is recorded as {@code revokedBy}: the issuer, or the admin who called.
     */
    public Outcome revokeAllForIdentityProvider(Principal user, RevocationActor actor, RevocationSource source,
                                                Optional<String> reason) {
        Optional<IssuerProfile> profile = trust.profile(user.issuerId());
        if (profile.isEmpty()) {
            return unknownIssuer();
        }
        return revokeAllOf(user, profile.get(), actor, reason, source);
    }

    private Outcome revokeAllOf(Principal user, IssuerProfile profile, RevocationActor actor,
                                Optional<String> reason, RevocationSource source) {
        Instant now = clock.instant();
        RevokeAllMarker marker = RevokeAllMarker.at(now, profile.clockSkew(), profile.maxTokenLifetime());
        return write(() -> writer.revokeAllBefore(user, marker, now, actor, reason, source));
    }

    /** {@code GET /revocations/{jti}?sub=&issuerId=}: {@code sub} defaults to the caller's own. */
    public Outcome tokenState(Caller caller, Target target, String jti) {
        Outcome invalid = firstProblem(targetProblem(target), idProblem("jti", jti));
        if (invalid != null) {
            return invalid;
        }
        Principal user = principal(caller, target);
        if (!policy.permits(caller, user)) {
            return new Outcome.Forbidden();
        }
        if (trust.profile(user.issuerId()).isEmpty()) {
            return unknownIssuer();
        }
        try {
            TokenState state = reader.read(user, jti);
            boolean admin = isAdmin(caller);
            return new Outcome.Found(new TokenState(state.user(), state.jti(), state.itemExists(),
                    state.revocation().map(record -> record.seenBy(caller, admin)), state.exp(),
                    state.userRevokedBefore()));
        } catch (StoreException e) {
            return new Outcome.Unavailable(e.isTransient(), e.causeType());
        }
    }

    /** Whether the caller holds the admin scope (it may then act on others, see {@link RevocationPolicy}). */
    public boolean isAdmin(Caller caller) {
        return caller.hasScope(policy.adminScope());
    }

    /**
     * Flushes the configured stages after a revocation written outside this class (a session ended by the identity
     * provider), with the same timing and coordination as every other change.
     */
    public FlushStatus flushAfterChange() {
        return cacheFlush.afterChange(clock.instant());
    }

    /** A revocation answer as {@code caller} may see it (see {@link RevocationRecord#seenBy}). */
    private Outcome shownTo(Caller caller, Outcome outcome) {
        if (outcome instanceof Outcome.Revoked revoked) {
            return new Outcome.Revoked(revoked.record().seenBy(caller, isAdmin(caller)), revoked.alreadyRevoked(),
                    revoked.flush());
        }
        return outcome;
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
        // only a change can have left an Allow in a cache that a flush must remove; a repeat changes nothing
        FlushStatus flush = result.written() ? cacheFlush.afterChange(clock.instant()) : cacheFlush.unchanged();
        return new Outcome.Revoked(result.record(), !result.written(), flush);
    }

    private static Principal principal(Caller caller, Target target) {
        return new Principal(target.issuerId().orElse(caller.issuerId()), target.sub());
    }

    private static Outcome unknownIssuer() {
        return new Outcome.Invalid("issuerId", "is not a configured issuer profile");
    }

    private static Outcome targetProblem(Target target) {
        Outcome sub = idProblem("sub", target.sub());
        if (sub != null) {
            return sub;
        }
        if (target.issuerId().isPresent() && !Principal.isIssuerId(target.issuerId().get())) {
            return new Outcome.Invalid("issuerId", "must be an issuer profile id ([a-z0-9-]{1,32})");
        }
        return null;
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
