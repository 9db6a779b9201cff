package dev.tokengate.revoke.idp;

import dev.tokengate.core.table.RevocationActor;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.core.table.RevokeAllMarker;
import dev.tokengate.core.table.Session;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.core.token.LogoutRefusal;
import dev.tokengate.core.token.LogoutToken;
import dev.tokengate.core.token.LogoutTokenValidator;
import dev.tokengate.core.token.LogoutValidation;
import dev.tokengate.revoke.revocation.Outcome;
import dev.tokengate.revoke.revocation.Revocations;
import dev.tokengate.revoke.revocation.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenID Connect Back-Channel Logout 1.0 receiver's rules, free of any web framework. A logout token
 * authenticates itself: it is validated for the profile the request is addressed to (section 2.6), its {@code jti}
 * is claimed once across every instance ({@link LogoutReplays}), and only then does it take effect, recorded with the
 * issuer as the actor:
 * <ul>
 *   <li>{@code sub}: a revoke-all of that user of that issuer, written as {@code POST /users/{sub}/revoke-all} writes
 *   it ({@link Revocations#revokeAllForIdentityProvider});</li>
 *   <li>{@code sid}: the session's item, so every token carrying that {@code sid} is refused by the authorizer's one
 *   {@code BatchGetItem}, even when the token names no user.</li>
 * </ul>
 * Both when both are named. A failed write gives the claim back and answers {@link LogoutOutcome.Failed}.
 */
public final class BackchannelLogouts {
    static final String REASON = "backchannel logout";

    private final LogoutTokenValidator validator;
    private final LogoutReplays replays;
    private final SessionRevocations sessions;
    private final Revocations revocations;
    private final JwtConfig trust;
    private final Clock clock;

    public BackchannelLogouts(LogoutTokenValidator validator, LogoutReplays replays, SessionRevocations sessions,
                              Revocations revocations, JwtConfig trust, Clock clock) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.replays = Objects.requireNonNull(replays, "replays");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the issuer profile with this id enabled the receiver ({@code backchannelLogout}). */
    public boolean isEnabledFor(String issuerId) {
        return validator.isEnabledFor(issuerId);
    }

    /** @param issuerId from the path; {@link #isEnabledFor} must hold */
    public LogoutOutcome receive(String issuerId, String logoutToken) {
        Instant now = clock.instant();
        LogoutValidation validation = validator.validate(issuerId, logoutToken, now);
        if (validation instanceof LogoutValidation.Rejected rejected) {
            return rejected.reason() == LogoutRefusal.KEYS_UNAVAILABLE ? new LogoutOutcome.Failed("KEYS_UNAVAILABLE")
                    : new LogoutOutcome.Refused(rejected.reason(), rejected.detail());
        }
        LogoutToken token = ((LogoutValidation.Valid) validation).token();
        try {
            if (!replays.claim(token, now)) {
                return new LogoutOutcome.Refused(LogoutRefusal.REPLAYED, "this jti was already accepted");
            }
        } catch (StoreException e) {
            return new LogoutOutcome.Failed(e.causeType());
        }
        IssuerProfile profile = trust.profile(issuerId).orElseThrow();
        boolean userRevoked = false;
        boolean sessionRevoked = false;
        try {
            if (token.user().isPresent()) {
                Outcome outcome = revocations.revokeAllForIdentityProvider(token.user().get(),
                        RevocationActor.identityProvider(profile.issuer()), RevocationSource.BACKCHANNEL_LOGOUT,
                        Optional.of(REASON));
                if (!(outcome instanceof Outcome.Revoked revoked)) {
                    return failed(token, outcome instanceof Outcome.Unavailable u ? u.cause() : outcome.code());
                }
                userRevoked = !revoked.alreadyRevoked();
            }
            if (token.sessionId().isPresent()) {
                // a session ends like a revoke-all: every token of it was issued before now
                long ttl = RevokeAllMarker.at(now, profile.clockSkew(), profile.maxTokenLifetime()).ttl();
                sessionRevoked = sessions.revoke(new Session(issuerId, token.sessionId().get()), token.subject(),
                        profile.issuer(), Optional.of(REASON), RevocationSource.BACKCHANNEL_LOGOUT, ttl, now);
                if (sessionRevoked && !userRevoked) {
                    // the revoke-all above already flushed if it changed anything; a session alone must too
                    revocations.flushAfterChange();
                }
            }
        } catch (StoreException e) {
            return failed(token, e.causeType());
        }
        try {
            replays.done(token, now);
        } catch (StoreException e) {
            // the logout is stored; the claim stays and counts as abandoned later (LogoutReplays.done)
        }
        return new LogoutOutcome.LoggedOut(token, userRevoked, sessionRevoked);
    }

    private LogoutOutcome failed(LogoutToken token, String cause) {
        try {
            replays.release(token);
        } catch (StoreException e) {
            return new LogoutOutcome.Failed(cause + "; claim not released (" + e.causeType() + ")");
        }
        return new LogoutOutcome.Failed(cause);
    }
}
