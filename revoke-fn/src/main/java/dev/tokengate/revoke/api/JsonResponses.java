package dev.tokengate.revoke.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.revoke.cache.FlushStatus;
import dev.tokengate.revoke.revocation.Outcome;
import dev.tokengate.revoke.revocation.RevocationRecord;
import dev.tokengate.revoke.revocation.TokenState;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/** Every response body this API sends, as JSON. Error bodies are fixed per kind so they cannot leak anything. */
final class JsonResponses {
    /** One body for every refusal: the same whether the target user or token exists or not. */
    static final String FORBIDDEN_MESSAGE = "the caller may not act on this user's tokens";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResponses() {
    }

    static Response error(int status, String error, String field, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", error);
        if (field != null) {
            body.put("field", field);
        }
        body.put("message", message);
        return json(status, body);
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static Response forbidden() {
        return error(403, "forbidden", null, FORBIDDEN_MESSAGE);
    }

    /**
     * The refusal for one rule. Only rules about the caller's own tokens or its own scopes explain themselves; the
     * rule about other users keeps the one fixed message, so it says nothing about what exists.
     */
    static Response forbidden(Outcome.Forbidden.Rule rule) {
        return switch (rule) {
            case NOT_OWNER_AND_NOT_ADMIN -> forbidden();
            case ONLY_THE_CALLING_TOKEN_BY_ID -> error(403, "forbidden", "jti", "without the admin scope, revoke by "
                    + "id only the token this request is made with; to revoke another of your tokens, send it as "
                    + "\"token\"");
            case ONLY_THE_CALLING_TOKENS_FAMILY -> error(403, "forbidden", "originJti", "without the admin scope, "
                    + "revoke only the family of the token this request is made with");
            case ADMIN_SCOPE_REQUIRED -> error(403, "forbidden", null, "this route needs the admin scope");
        };
    }

    static Response of(Outcome outcome) {
        if (outcome instanceof Outcome.Revoked revoked) {
            ObjectNode body = record(revoked.record());
            body.put("outcome", revoked.code());
            if (revoked.flush() != FlushStatus.NOT_CONFIGURED) {
                body.put("authorizerCacheFlush", revoked.flush().name());
            }
            return json(200, body);
        }
        if (outcome instanceof Outcome.AlreadyExpired expired) {
            ObjectNode body = MAPPER.createObjectNode();
            body.put("outcome", expired.code());
            body.put("kind", RevocationKind.TOKEN.name());
            body.put("issuerId", expired.user().issuerId());
            body.put("sub", expired.user().sub());
            body.put("jti", expired.jti());
            body.put("exp", expired.exp());
            body.put("revoked", false);
            body.put("message", "the token has already expired: it is refused anyway, nothing was written");
            return json(200, body);
        }
        if (outcome instanceof Outcome.Found found) {
            return json(200, state(found.state()));
        }
        if (outcome instanceof Outcome.Forbidden forbidden) {
            return forbidden(forbidden.rule());
        }
        if (outcome instanceof Outcome.Invalid invalid) {
            return error(400, "invalid_request", invalid.field(), invalid.field() + " " + invalid.message());
        }
        if (outcome instanceof Outcome.Unavailable unavailable) {
            return unavailable.transientFailure()
                    ? error(503, "unavailable", null, "the revocation store is unavailable; nothing was confirmed, "
                            + "retry later")
                    : error(500, "internal_error", null, "the revocation store refused the request; nothing was "
                            + "confirmed");
        }
        return error(500, "internal_error", null, "unexpected outcome");
    }

    private static ObjectNode record(RevocationRecord record) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("kind", record.kind().name());
        body.put("issuerId", record.user().issuerId());
        body.put("sub", record.sub());
        switch (record.kind()) {
            case TOKEN -> record.id().ifPresent(id -> body.put("jti", id));
            case FAMILY -> record.id().ifPresent(id -> body.put("originJti", id));
            case USER -> { }
        }
        body.put("revoked", record.revoked());
        record.revokedBefore().ifPresent(v -> body.put("revokedBefore", v));
        body.put("revokedAt", record.revokedAt());
        body.put("revokedBy", record.revokedBy());
        record.reason().ifPresent(v -> body.put("reason", v));
        record.exp().ifPresent(v -> body.put("exp", v));
        body.put("ttl", record.ttl());
        return body;
    }

    private static ObjectNode state(TokenState state) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("outcome", "FOUND");
        body.put("issuerId", state.user().issuerId());
        body.put("sub", state.user().sub());
        body.put("jti", state.jti());
        body.put("itemExists", state.itemExists());
        body.put("revoked", state.revocation().isPresent());
        state.revocation().ifPresent(r -> {
            body.put("revokedAt", r.revokedAt());
            body.put("revokedBy", r.revokedBy());
            r.reason().ifPresent(v -> body.put("reason", v));
        });
        state.exp().ifPresent(v -> body.put("exp", v));
        state.userRevokedBefore().ifPresent(v -> body.put("userRevokedBefore", v));
        return body;
    }

    static Response json(int status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = "{\"error\":\"internal_error\"}".getBytes(StandardCharsets.UTF_8);
            status = 500;
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(bytes).build();
    }
}
