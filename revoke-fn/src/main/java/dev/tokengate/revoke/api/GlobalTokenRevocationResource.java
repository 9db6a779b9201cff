package dev.tokengate.revoke.api;

import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.revoke.idp.GlobalRevocationOutcome;
import dev.tokengate.revoke.idp.GlobalTokenRevocations;
import dev.tokengate.revoke.idp.SubjectIdentifier;
import dev.tokengate.revoke.metrics.RevocationResult;
import dev.tokengate.revoke.revocation.Caller;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /global-token-revocation}: Global Token Revocation (draft-parecki-oauth-global-token-revocation), behind
 * the authorizer like every other route. Body {@code {"sub_id": {...}}}; answers 204 on success and the draft's
 * status codes otherwise (400, 403, 404, 422; 401 is the authorizer's).
 */
@Path("global-token-revocation")
@Singleton
public final class GlobalTokenRevocationResource {
    static final String ROUTE = "POST /global-token-revocation";
    static final Set<String> FIELDS = Set.of("sub_id");
    /** RFC 9493 subject identifiers are small objects; the widest format tokengate reads has three members. */
    static final int MAX_SUBJECT_MEMBERS = 8;

    private final GlobalTokenRevocations revocations;

    @Inject
    public GlobalTokenRevocationResource(GlobalTokenRevocations revocations) {
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    @POST
    public Response revoke(@Context ContainerRequestContext request,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        RequestFacts.set(request, RequestFacts.ROUTE, ROUTE);
        Caller caller = (Caller) request.getProperty(RequestFacts.CALLER); // CallerFilter aborted without one
        RequestFacts.set(request, RequestFacts.SOURCE, RevocationSource.GLOBAL_TOKEN_REVOCATION.name());
        GlobalRevocationOutcome outcome;
        try {
            JsonBody body = JsonBody.read(contentType, request.getEntityStream(), FIELDS, false);
            Map<String, String> subject = body.requiredStringMembers("sub_id", MAX_SUBJECT_MEMBERS);
            RequestFacts.set(request, RequestFacts.TARGET_SUB, subject.getOrDefault("sub", subject.get("id")));
            outcome = revocations.revoke(caller, SubjectIdentifier.of(subject));
        } catch (ApiError e) {
            RequestFacts.set(request, RequestFacts.OUTCOME, e.status() == 400 ? "INVALID_REQUEST"
                    : e.error().toUpperCase(Locale.ROOT));
            RequestFacts.set(request, RequestFacts.REASON, e.field());
            RequestFacts.set(request, RequestFacts.RESULT, RevocationResult.INVALID.name());
            return new ErrorMappers.ApiErrorMapper().toResponse(e);
        }
        RequestFacts.set(request, RequestFacts.OUTCOME, outcome.code());
        RequestFacts.set(request, RequestFacts.RESULT, resultOf(outcome).name());
        if (outcome instanceof GlobalRevocationOutcome.Revoked) {
            return Response.noContent().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (outcome instanceof GlobalRevocationOutcome.Malformed malformed) {
            RequestFacts.set(request, RequestFacts.REASON, "UNSUPPORTED_SUBJECT");
            return JsonResponses.error(400, "invalid_request", "sub_id", malformed.message());
        }
        if (outcome instanceof GlobalRevocationOutcome.Forbidden) {
            RequestFacts.set(request, RequestFacts.REASON, "NOT_ADMIN_OF_THAT_ISSUER");
            return JsonResponses.forbidden();
        }
        if (outcome instanceof GlobalRevocationOutcome.UserNotFound) {
            RequestFacts.set(request, RequestFacts.REASON, "UNKNOWN_ISSUER");
            return JsonResponses.error(404, "user_not_found", "sub_id", "iss names no trusted issuer");
        }
        RequestFacts.set(request, RequestFacts.REASON, ((GlobalRevocationOutcome.Failed) outcome).cause());
        return JsonResponses.error(422, "unable_to_process", null,
                "the revocation could not be stored; nothing was confirmed, retry later");
    }

    /** The {@code IdpRevocations} metric's result for a domain answer. */
    private static RevocationResult resultOf(GlobalRevocationOutcome outcome) {
        if (outcome instanceof GlobalRevocationOutcome.Revoked revoked) {
            return revoked.alreadyRevoked() ? RevocationResult.ALREADY_REVOKED : RevocationResult.WRITTEN;
        }
        if (outcome instanceof GlobalRevocationOutcome.Forbidden) {
            return RevocationResult.FORBIDDEN;
        }
        if (outcome instanceof GlobalRevocationOutcome.Failed) {
            return RevocationResult.UNAVAILABLE;
        }
        return RevocationResult.INVALID; // malformed, or a subject of no trusted issuer
    }
}
