package dev.tokengate.cognito.signout;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationActor;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.core.table.RevokeAllMarker;
import dev.tokengate.core.table.RevokeAllWrite;
import dev.tokengate.core.token.IssuerProfile;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Writes a sign-out as the revoke-all every writer writes ({@link RevokeAllWrite}): the marker at now + 1 s + the
 * profile's skew, only ever moving forward, the pool's issuer as the actor. A store failure propagates, so Lambda
 * retries the event: a sign-out is never dropped quietly.
 */
public final class RevokeAllWriter {
    private final DynamoDbClient dynamo;
    private final String table;

    public RevokeAllWriter(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** @return {@code true} if the marker moved, {@code false} if one as recent already stood */
    public boolean revokeAll(IssuerProfile profile, String sub, String reason, Instant now) {
        RevokeAllMarker marker = RevokeAllMarker.at(now, profile.clockSkew(), profile.maxTokenLifetime());
        try {
            dynamo.updateItem(RevokeAllWrite.request(table, new Principal(profile.id(), sub), marker, now,
                    RevocationActor.identityProvider(profile.issuer()), Optional.of(reason),
                    RevocationSource.COGNITO_SIGN_OUT));
            return true;
        } catch (ConditionalCheckFailedException alreadyCovered) {
            return false;
        }
    }
}
