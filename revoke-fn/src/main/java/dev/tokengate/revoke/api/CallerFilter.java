package dev.tokengate.revoke.api;

import com.amazonaws.serverless.proxy.RequestReader;
import com.amazonaws.serverless.proxy.model.ApiGatewayAuthorizerContext;
import com.amazonaws.serverless.proxy.model.AwsProxyRequestContext;
import dev.tokengate.core.token.AuthorizerContext;
import dev.tokengate.revoke.revocation.Caller;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.List;
import java.util.Optional;

/**
 * Establishes the caller from the API Gateway proxy event's {@code requestContext.authorizer}, which only our
 * authorizer fills in (principalId = the verified token's {@code sub}, context {@code scope}). Runs after route
 * matching, before any body is read.
 *
 * <p>Fails closed: a request without that context gets the same 403 as any refusal. It can only arrive if the API
 * was deployed without the authorizer or the function is invoked directly; treating it as anyone at all would let
 * such a misconfiguration revoke (or read) any user's tokens.
 */
@Priority(Priorities.AUTHENTICATION)
final class CallerFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (isSelfAuthenticating(request)) {
            return; // its credential is in the request itself; no caller is read and none is set
        }
        Optional<Caller> caller = callerOf(request);
        if (caller.isEmpty()) {
            RequestFacts.set(request, RequestFacts.OUTCOME, "FORBIDDEN");
            RequestFacts.set(request, RequestFacts.REASON, "NO_AUTHORIZER_CONTEXT");
            request.abortWith(JsonResponses.forbidden());
            return;
        }
        request.setProperty(RequestFacts.CALLER, caller.get());
    }

    private static boolean isSelfAuthenticating(ContainerRequestContext request) {
        List<Object> matched = request.getUriInfo().getMatchedResources();
        return !matched.isEmpty() && matched.get(0).getClass().isAnnotationPresent(SelfAuthenticating.class);
    }

    static Optional<Caller> callerOf(ContainerRequestContext request) {
        Object context = request.getProperty(RequestReader.API_GATEWAY_CONTEXT_PROPERTY);
        if (!(context instanceof AwsProxyRequestContext proxy)) {
            return Optional.empty();
        }
        ApiGatewayAuthorizerContext authorizer = proxy.getAuthorizer();
        if (authorizer == null) {
            return Optional.empty();
        }
        return Caller.fromAuthorizer(authorizer.getPrincipalId(), authorizer.getContextValue(AuthorizerContext.SUB),
                authorizer.getContextValue(AuthorizerContext.ISSUER_ID),
                authorizer.getContextValue(AuthorizerContext.SCOPE),
                authorizer.getContextValue(AuthorizerContext.JTI),
                authorizer.getContextValue(AuthorizerContext.ORIGIN_JTI));
    }
}
