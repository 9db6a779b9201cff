package dev.tokengate.revoke.api;

import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.revoke.metrics.RevocationResult;
import dev.tokengate.revoke.revocation.Caller;
import dev.tokengate.revoke.revocation.Outcome;
import dev.tokengate.revoke.revocation.Revocations;
import dev.tokengate.revoke.revocation.Revocations.Target;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The four routes of DESIGN.md, each twice: for everyone, and under {@code /admin} for callers with the admin scope
 * only (the template gives the {@code /admin} routes their own throttle, so a flood of self-service calls cannot
 * starve an administrator's revocations during an incident). Each one only turns HTTP into a call on
 * {@link Revocations} and its {@link Outcome} back into JSON; the caller always comes from {@link CallerFilter}, never
 * from the body.
 */
@Path("/")
@Singleton
public final class RevocationResource {
    static final Set<String> REVOCATION_FIELDS = Set.of("jti", "sub", "exp", "reason", "token", "issuerId");
    static final Set<String> FAMILY_FIELDS = Set.of("sub", "originJti", "reason", "issuerId");
    static final Set<String> REVOKE_ALL_FIELDS = Set.of("reason");

    private final Revocations revocations;

    /** Built once by Jersey from the {@link Revocations} that {@link RevokeApi} binds. */
    @Inject
    public RevocationResource(Revocations revocations) {
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    /** Who a route is for. */
    enum Access { ANY_CALLER, ADMIN_ONLY }

    @POST
    @Path("revocations")
    public Response revoke(@Context ContainerRequestContext request,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return revoke(request, contentType, Access.ANY_CALLER);
    }

    @POST
    @Path("admin/revocations")
    public Response adminRevoke(@Context ContainerRequestContext request,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return revoke(request, contentType, Access.ADMIN_ONLY);
    }

    @POST
    @Path("revocations/families")
    public Response revokeFamily(@Context ContainerRequestContext request,
                                 @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return revokeFamily(request, contentType, Access.ANY_CALLER);
    }

    @POST
    @Path("admin/revocations/families")
    public Response adminRevokeFamily(@Context ContainerRequestContext request,
                                      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return revokeFamily(request, contentType, Access.ADMIN_ONLY);
    }

    @POST
    @Path("users/{sub}/revoke-all")
    public Response revokeAll(@Context ContainerRequestContext request,
                              @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                              @PathParam("sub") String sub, @QueryParam("issuerId") String issuerId) {
        return revokeAll(request, contentType, sub, issuerId, Access.ANY_CALLER);
    }

    @POST
    @Path("admin/users/{sub}/revoke-all")
    public Response adminRevokeAll(@Context ContainerRequestContext request,
                                   @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                   @PathParam("sub") String sub, @QueryParam("issuerId") String issuerId) {
        return revokeAll(request, contentType, sub, issuerId, Access.ADMIN_ONLY);
    }

    @GET
    @Path("revocations/{jti}")
    public Response tokenState(@Context ContainerRequestContext request, @PathParam("jti") String jti,
                               @QueryParam("sub") String sub, @QueryParam("issuerId") String issuerId) {
        return tokenState(request, jti, sub, issuerId, Access.ANY_CALLER);
    }

    @GET
    @Path("admin/revocations/{jti}")
    public Response adminTokenState(@Context ContainerRequestContext request, @PathParam("jti") String jti,
                                    @QueryParam("sub") String sub, @QueryParam("issuerId") String issuerId) {
        return tokenState(request, jti, sub, issuerId, Access.ADMIN_ONLY);
    }

    private Response revoke(ContainerRequestContext request, String contentType, Access access) {
        RequestFacts.set(request, RequestFacts.KIND, RevocationKind.TOKEN.name());
        return run(request, route("POST /revocations", access), access, () -> {
            JsonBody body = JsonBody.read(contentType, request.getEntityStream(), REVOCATION_FIELDS, false);
            Optional<String> reason = body.optionalString("reason");
            if (body.has("token")) {
                for (String other : Set.of("jti", "sub", "exp", "issuerId")) {
                    if (body.has(other)) {
                        throw ApiError.badRequest(other, "cannot be combined with token: the token names its own "
                                + "issuer, sub, jti and exp");
                    }
                }
                Outcome outcome = revocations.revokePresentedToken(caller(request), body.requiredString("token"),
                        reason);
                if (outcome instanceof Outcome.Revoked revoked) {
                    RequestFacts.set(request, RequestFacts.TARGET_SUB, revoked.record().sub());
                    RequestFacts.set(request, RequestFacts.TARGET_JTI, revoked.record().id().orElse(null));
                } else if (outcome instanceof Outcome.AlreadyExpired expired) {
                    RequestFacts.set(request, RequestFacts.TARGET_SUB, expired.user().sub());
                    RequestFacts.set(request, RequestFacts.TARGET_JTI, expired.jti());
                }
                return outcome;
            }
            String jti = body.requiredString("jti");
            String sub = body.requiredString("sub");
            Optional<Long> exp = body.optionalEpochSeconds("exp");
            RequestFacts.set(request, RequestFacts.TARGET_SUB, sub);
            RequestFacts.set(request, RequestFacts.TARGET_JTI, jti);
            Target target = new Target(body.optionalString("issuerId"), sub);
            return revocations.revokeToken(caller(request), target, jti, exp, reason);
        });
    }

    private Response revokeFamily(ContainerRequestContext request, String contentType, Access access) {
        RequestFacts.set(request, RequestFacts.KIND, RevocationKind.FAMILY.name());
        return run(request, route("POST /revocations/families", access), access, () -> {
            JsonBody body = JsonBody.read(contentType, request.getEntityStream(), FAMILY_FIELDS, false);
            String sub = body.requiredString("sub");
            String originJti = body.requiredString("originJti");
            Optional<String> reason = body.optionalString("reason");
            RequestFacts.set(request, RequestFacts.TARGET_SUB, sub);
            RequestFacts.set(request, RequestFacts.TARGET_JTI, originJti);
            Target target = new Target(body.optionalString("issuerId"), sub);
            return revocations.revokeFamily(caller(request), target, originJti, reason);
        });
    }

    private Response revokeAll(ContainerRequestContext request, String contentType, String sub, String issuerId,
                               Access access) {
        RequestFacts.set(request, RequestFacts.KIND, RevocationKind.USER.name());
        return run(request, route("POST /users/{sub}/revoke-all", access), access, () -> {
            RequestFacts.set(request, RequestFacts.TARGET_SUB, sub);
            JsonBody body = JsonBody.read(contentType, request.getEntityStream(), REVOKE_ALL_FIELDS, true);
            return revocations.revokeAll(caller(request), new Target(Optional.ofNullable(issuerId), sub),
                    body.optionalString("reason"));
        });
    }

    private Response tokenState(ContainerRequestContext request, String jti, String sub, String issuerId,
                                Access access) {
        return run(request, route("GET /revocations/{jti}", access), access, () -> {
            Caller caller = caller(request);
            RequestFacts.set(request, RequestFacts.TARGET_SUB, sub == null ? caller.sub() : sub);
            RequestFacts.set(request, RequestFacts.TARGET_JTI, jti);
            return revocations.tokenState(caller, new Target(Optional.ofNullable(issuerId),
                    sub == null ? caller.sub() : sub), jti);
        });
    }

    private static Caller caller(ContainerRequestContext request) {
        if (request.getProperty(RequestFacts.CALLER) instanceof Caller caller) {
            return caller;
        }
        // CallerFilter runs first and aborts without a caller; reaching here means it was not registered
        throw new IllegalStateException("no caller established");
    }

    /** {@code POST /revocations} or, for the admin twin, {@code POST /admin/revocations}: the route as logged. */
    private static String route(String selfService, Access access) {
        if (access == Access.ANY_CALLER) {
            return selfService;
        }
        int space = selfService.indexOf(' ');
        return selfService.substring(0, space) + " /admin" + selfService.substring(space + 1);
    }

    private Response run(ContainerRequestContext request, String route, Access access, Supplier<Outcome> action) {
        RequestFacts.set(request, RequestFacts.ROUTE, route);
        Outcome outcome;
        try {
            // before the body is read: a caller without the admin scope gets nothing from an admin route
            outcome = access == Access.ADMIN_ONLY && !revocations.isAdmin(caller(request))
                    ? new Outcome.Forbidden(Outcome.Forbidden.Rule.ADMIN_SCOPE_REQUIRED)
                    : action.get();
        } catch (ApiError e) {
            RequestFacts.set(request, RequestFacts.OUTCOME, e.status() == 400 ? "INVALID_REQUEST"
                    : e.error().toUpperCase(java.util.Locale.ROOT));
            RequestFacts.set(request, RequestFacts.REASON, e.field());
            if (RequestFacts.get(request, RequestFacts.KIND) != null) {
                RequestFacts.set(request, RequestFacts.RESULT, RevocationResult.INVALID.name());
            }
            return new ErrorMappers.ApiErrorMapper().toResponse(e);
        }
        RequestFacts.set(request, RequestFacts.OUTCOME, outcome.code());
        RequestFacts.set(request, RequestFacts.REASON, reasonOf(outcome));
        if (RequestFacts.get(request, RequestFacts.KIND) != null) {
            RequestFacts.set(request, RequestFacts.RESULT, RevocationResult.of(outcome).name());
        }
        if (outcome instanceof Outcome.Revoked revoked) {
            RequestFacts.set(request, RequestFacts.FLUSH, revoked.flush().name());
        }
        return JsonResponses.of(outcome);
    }

    private static String reasonOf(Outcome outcome) {
        if (outcome instanceof Outcome.Invalid invalid) {
            return invalid.field();
        }
        if (outcome instanceof Outcome.Forbidden forbidden) {
            return forbidden.rule().name();
        }
        if (outcome instanceof Outcome.Unavailable unavailable) {
            return unavailable.cause();
        }
        if (outcome instanceof Outcome.Revoked revoked) {
            return revoked.record().kind().name();
        }
        return null;
    }
}
