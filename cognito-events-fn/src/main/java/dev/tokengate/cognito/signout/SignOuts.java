package dev.tokengate.cognito.signout;

import dev.tokengate.cognito.event.SignOutEvent;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.token.IssuerProfile;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One Cognito event to its effect: classify it ({@link SignOutRules}), find the user's {@code sub} (from the record,
 * or {@code AdminGetUser} on that pool), write the revoke-all. Returns the one log line that says what happened;
 * dependency failures propagate so the event is retried.
 */
public final class SignOuts {
    private final SignOutRules rules;
    private final UserLookup users;
    private final RevokeAllWriter writer;
    private final Clock clock;

    public SignOuts(SignOutRules rules, UserLookup users, RevokeAllWriter writer, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.users = Objects.requireNonNull(users, "users");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public JsonLine apply(SignOutEvent event) {
        SignOut signOut = rules.classify(event);
        if (signOut instanceof SignOut.Ignored ignored) {
            return line(JsonLine.info("cognito.signout"), event, "IGNORED", ignored.reason());
        }
        if (signOut instanceof SignOut.Unidentified unidentified) {
            // never guessed: recorded for whoever audits the sign-outs tokengate could not apply
            return line(JsonLine.warn("cognito.signout"), event, "UNIDENTIFIED", unidentified.reason())
                    .with("userPoolId", unidentified.poolId());
        }
        String poolId;
        Optional<String> sub;
        IssuerProfile profile;
        if (signOut instanceof SignOut.OfSubject ofSubject) {
            poolId = ofSubject.poolId();
            profile = ofSubject.profile();
            sub = Optional.of(ofSubject.sub());
        } else {
            SignOut.OfUsername ofUsername = (SignOut.OfUsername) signOut;
            poolId = ofUsername.poolId();
            profile = ofUsername.profile();
            sub = users.subOf(poolId, ofUsername.username());
            if (sub.isEmpty()) {
                return line(JsonLine.warn("cognito.signout"), event, "UNIDENTIFIED", "USER_NOT_FOUND")
                        .with("userPoolId", poolId);
            }
        }
        Instant now = clock.instant();
        boolean moved = writer.revokeAll(profile, sub.get(), "cognito " + event.eventName(), now);
        return line(JsonLine.info("cognito.signout"), event, moved ? "REVOKED" : "ALREADY_REVOKED",
                signOut instanceof SignOut.OfSubject ? "SUB_IN_RECORD" : "SUB_FROM_ADMIN_GET_USER")
                .with("userPoolId", poolId).with("issuerId", profile.id()).with("sub", sub.get());
    }

    private static JsonLine line(JsonLine line, SignOutEvent event, String outcome, String reason) {
        return line.with("outcome", outcome).with("reason", reason).with("eventName", event.eventName())
                .with("eventID", event.eventId());
    }
}
