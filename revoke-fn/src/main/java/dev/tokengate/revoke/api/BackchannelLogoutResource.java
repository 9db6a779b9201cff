package dev.tokengate.revoke.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.revoke.idp.BackchannelLogouts;
import dev.tokengate.revoke.idp.LogoutOutcome;
import dev.tokengate.revoke.metrics.RevocationResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/**
 * {@code POST /backchannel-logout/{issuerId}}: OpenID Connect Back-Channel Logout 1.0's receiver, deployed without
 * the authorizer: the logout token is the credential ({@link BackchannelLogouts} verifies it). Answers as section 2.8
 * says: 200 on success, 400 with an OAuth-style JSON error otherwise, {@code Cache-Control: no-store} either way. A
 * profile that did not enable the receiver, or no such profile, is the same 404 as any unknown route.
 */
@Path("backchannel-logout/{issuerId}")
@Singleton
@SelfAuthenticating
public final class BackchannelLogoutResource {
    static final String ROUTE = "POST /backchannel-logout/{issuerId}";

    private final BackchannelLogouts logouts;

    @Inject
    public BackchannelLogoutResource(BackchannelLogouts logouts) {
        this.logouts = Objects.requireNonNull(logouts, "logouts");
    }

    @POST
    public Response receive(@Context ContainerRequestContext request,
                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @PathParam("issuerId") String issuerId) {
        RequestFacts.set(request, RequestFacts.ROUTE, ROUTE);
        if (!Principal.isIssuerId(issuerId) || !logouts.isEnabledFor(issuerId)) {
            RequestFacts.set(request, RequestFacts.OUTCOME, "NOT_FOUND");
            RequestFacts.set(request, RequestFacts.REASON, "BACKCHANNEL_LOGOUT_NOT_ENABLED");
            return JsonResponses.error(404, "not_found", null, "no such route");
        }
        RequestFacts.set(request, RequestFacts.SOURCE, RevocationSource.BACKCHANNEL_LOGOUT.name());
        String logoutToken;
        try {
            logoutToken = LogoutForm.logoutToken(contentType, request.getEntityStream());
        } catch (ApiError e) {
            RequestFacts.set(request, RequestFacts.OUTCOME, "INVALID_REQUEST");
            RequestFacts.set(request, RequestFacts.REASON, e.field());
            RequestFacts.set(request, RequestFacts.RESULT, RevocationResult.INVALID.name());
            return oauthError("invalid_request", ErrorMappers.ApiErrorMapper.fieldMessage(e));
        }
        LogoutOutcome outcome = logouts.receive(issuerId, logoutToken);
        RequestFacts.set(request, RequestFacts.OUTCOME, outcome.code());
        if (outcome instanceof LogoutOutcome.LoggedOut loggedOut) {
            RequestFacts.set(request, RequestFacts.TARGET_SUB, loggedOut.token().subject().orElse(null));
            RequestFacts.set(request, RequestFacts.TARGET_JTI, loggedOut.token().tokenId());
            RequestFacts.set(request, RequestFacts.REASON, loggedOut.token().sessionId().isPresent()
                    ? (loggedOut.token().subject().isPresent() ? "USER_AND_SESSION" : "SESSION") : "USER");
            RequestFacts.set(request, RequestFacts.RESULT, (loggedOut.userRevoked() || loggedOut.sessionRevoked()
                    ? RevocationResult.WRITTEN : RevocationResult.ALREADY_REVOKED).name());
            return Response.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (outcome instanceof LogoutOutcome.Refused refused) {
            RequestFacts.set(request, RequestFacts.REASON, refused.reason().name());
            RequestFacts.set(request, RequestFacts.DETAIL, refused.detail());
            RequestFacts.set(request, RequestFacts.RESULT, RevocationResult.INVALID.name());
            // The caller is not authenticated (a refused token authenticates nobody): the reason code only. The
            // detail names configuration (audiences, the issuer, windows) and goes to the log.
            return oauthError("invalid_request", refused.reason().name());
        }
        // section 2.8: a logout that failed is a 400 too; the issuer may deliver the same token again
        RequestFacts.set(request, RequestFacts.REASON, ((LogoutOutcome.Failed) outcome).cause());
        RequestFacts.set(request, RequestFacts.RESULT, RevocationResult.UNAVAILABLE.name());
        return oauthError("temporarily_unavailable", "the logout could not be recorded; nothing was confirmed");
    }

    /** RFC 6749 section 5.2's error shape, which section 2.8 points to. */
    private static Response oauthError(String error, String description) {
        ObjectNode body = JsonResponses.object();
        body.put("error", error);
        body.put("error_description", description);
        return Response.fromResponse(JsonResponses.json(400, body)).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
