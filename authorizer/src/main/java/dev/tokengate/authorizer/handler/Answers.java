package dev.tokengate.authorizer.handler;

import dev.tokengate.authorizer.config.AuthorizerConfig.HttpApiResponse;
import dev.tokengate.authorizer.decision.Decision;
import dev.tokengate.authorizer.route.ApiArn;
import dev.tokengate.authorizer.route.Policy;
import dev.tokengate.core.token.AuthorizerContext;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.ValidatedToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The failure-semantics table: how each decision is answered in each protocol. One row per outcome:
 *
 * <pre>
 * outcome                         REST (TOKEN, REQUEST)              HTTP API 2.0 simple     HTTP API 2.0 iam
 * allowed                         token's policy (Allow)             isAuthorized true       token's policy
 * 401 invalid/expired/revoked     throw "Unauthorized"  -> 401       isAuthorized false 403  Deny-all policy  403
 * 403 INSUFFICIENT_SCOPE          token's policy, Deny on the route  isAuthorized false 403  token's policy   403
 * JWKS/DynamoDB unavailable       throw "AuthorizerUnavailable" 500  throw 500               throw 500
 * unknown shape / unusable ARN    throw "Unauthorized"               isAuthorized false      throw "Unauthorized"
 * </pre>
 *
 * <p>Why the 403 is answered with the token's whole policy rather than a Deny for this one route: API Gateway caches
 * the policy per token and evaluates it on every later route. A "Deny this route" policy, once cached, would also
 * refuse the routes the token may call; the whole policy (Allow the stage, explicit Deny on each route rule the
 * token's scopes fail) gives the right answer on every route. API Gateway answers 403 because explicit Deny wins.
 *
 * <p>Why unavailability is an error and not a Deny: a Deny policy would be cached for the authorizer's TTL and lock
 * out a valid token after the outage ended; an error is never cached and API Gateway answers 500.
 */
final class Answers {
    /** REST maps exactly this message, and no other, to 401. */
    static final String UNAUTHORIZED = "Unauthorized";
    /** Any other message becomes a 500 (AuthorizerConfigurationException), which API Gateway does not cache. */
    static final String UNAVAILABLE = "AuthorizerUnavailable";
    /** principalId of a Deny-all policy for a request without a verified token. */
    static final String ANONYMOUS = "anonymous";

    private final HttpApiResponse httpApiResponse;

    Answers(HttpApiResponse httpApiResponse) {
        this.httpApiResponse = httpApiResponse;
    }

    /** Renders the decision for the event's protocol, or throws the error that API Gateway maps to 401 or 500. */
    Map<String, Object> answer(EventShape shape, Optional<ApiArn> route, Decision decision) {
        return switch (shape) {
            case REST_TOKEN, REST_REQUEST -> rest(route, decision);
            case HTTP_API_V2 -> httpApiResponse == HttpApiResponse.SIMPLE ? simple(decision) : iam(route, decision);
            case UNKNOWN -> throw unauthorized();
        };
    }

    private static Map<String, Object> rest(Optional<ApiArn> route, Decision decision) {
        if (decision instanceof Decision.Allow allow && route.isPresent()) {
            return policyAnswer(allow.validated(), Policy.forGrant(route.get(), allow.grant()));
        }
        if (decision instanceof Decision.Deny deny) {
            if (deny.outcome() == DenyReason.Outcome.FORBIDDEN && route.isPresent() && deny.token().isPresent()) {
                return policyAnswer(deny.token().get(), Policy.forGrant(route.get(), deny.grant().orElseThrow()));
            }
            throw unauthorized();
        }
        if (decision instanceof Decision.Unavailable) {
            throw unavailable();
        }
        throw unauthorized(); // an Allow without a route cannot happen (the handler refuses first); never allow
    }

    private static Map<String, Object> simple(Decision decision) {
        if (decision instanceof Decision.Unavailable) {
            throw unavailable();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (decision instanceof Decision.Allow allow) {
            answer.put("isAuthorized", true);
            answer.put("context", context(allow.validated()));
        } else {
            // The simple format has no 401: false is answered 403. (A missing identity source is refused with 401
            // by API Gateway itself, before the authorizer runs.)
            answer.put("isAuthorized", false);
        }
        return answer;
    }

    private static Map<String, Object> iam(Optional<ApiArn> route, Decision decision) {
        if (decision instanceof Decision.Unavailable) {
            throw unavailable();
        }
        if (route.isEmpty()) {
            throw unauthorized();
        }
        if (decision instanceof Decision.Allow allow) {
            return policyAnswer(allow.validated(), Policy.forGrant(route.get(), allow.grant()));
        }
        Decision.Deny deny = (Decision.Deny) decision;
        if (deny.outcome() == DenyReason.Outcome.FORBIDDEN && deny.token().isPresent()) {
            return policyAnswer(deny.token().get(), Policy.forGrant(route.get(), deny.grant().orElseThrow()));
        }
        // An unacceptable token is unacceptable on every route: a Deny on the whole stage is safe to cache.
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("principalId", deny.token().map(ValidatedToken::subject).orElse(ANONYMOUS));
        answer.put("policyDocument", Policy.denyAll(route.get()));
        return answer;
    }

    private static Map<String, Object> policyAnswer(ValidatedToken token, Map<String, Object> policy) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("principalId", token.subject());
        answer.put("policyDocument", policy);
        answer.put("context", context(token));
        return answer;
    }

    /** The context contract revoke-fn reads: strings only, empty when absent. */
    static Map<String, Object> context(ValidatedToken token) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(AuthorizerContext.SUB, token.subject());
        context.put(AuthorizerContext.ISSUER_ID, token.issuerId());
        context.put(AuthorizerContext.JTI, token.tokenId());
        context.put(AuthorizerContext.ORIGIN_JTI, token.originTokenId().orElse(""));
        context.put(AuthorizerContext.SCOPE, token.scopeString());
        context.put(AuthorizerContext.CLIENT_ID, token.clientId().orElse(""));
        context.put(AuthorizerContext.ISS, token.issuer() == null ? "" : token.issuer());
        return context;
    }

    static RuntimeException unauthorized() {
        return new ProtocolError(UNAUTHORIZED);
    }

    static RuntimeException unavailable() {
        return new ProtocolError(UNAVAILABLE);
    }
}
