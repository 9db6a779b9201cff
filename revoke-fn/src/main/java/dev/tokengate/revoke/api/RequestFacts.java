package dev.tokengate.revoke.api;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * What one request did, collected on the request as it runs and logged once at the end by {@link RequestLogFilter}.
 * Values are ids and codes only: never a token, never a body.
 */
final class RequestFacts {
    static final String CALLER = "tokengate.caller";
    static final String ROUTE = "tokengate.route";
    static final String TARGET_SUB = "tokengate.targetSub";
    static final String TARGET_JTI = "tokengate.targetJti";
    static final String OUTCOME = "tokengate.outcome";
    static final String REASON = "tokengate.reason";
    /** Why a request was refused, in words for the operator: logged, never answered to an unauthenticated caller. */
    static final String DETAIL = "tokengate.detail";
    /** A revocation route's {@code RevocationKind}, set before anything is read: the metrics' {@code Kind}. */
    static final String KIND = "tokengate.kind";
    /** How a revocation route ended ({@code RevocationResult}): the metrics' {@code Outcome}. */
    static final String RESULT = "tokengate.result";
    /** What the revocation did to authorizer caches ({@code FlushStatus}). */
    static final String FLUSH = "tokengate.flush";
    /** For a revocation the identity provider pushed: its channel, a {@code RevocationSource} name. */
    static final String SOURCE = "tokengate.source";

    private RequestFacts() {
    }

    static void set(ContainerRequestContext request, String key, String value) {
        if (value != null) {
            request.setProperty(key, value);
        }
    }

    static String get(ContainerRequestContext request, String key) {
        Object value = request.getProperty(key);
        return value instanceof String s ? s : null;
    }
}
