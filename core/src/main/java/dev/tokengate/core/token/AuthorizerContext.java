package dev.tokengate.core.token;

/**
 * The contract between the authorizer and the revocation API: the keys of the context map the authorizer returns
 * with an Allow (strings only; API Gateway passes them to the integration as {@code requestContext.authorizer}), and
 * that revoke-fn reads the caller from. Changing a key breaks that caller.
 */
public final class AuthorizerContext {
    /** The verified token's {@code sub} (also the answer's {@code principalId}). */
    public static final String SUB = "sub";
    /** The issuer profile that verified the token: with {@link #SUB}, the caller's identity. */
    public static final String ISSUER_ID = "issuerId";
    /** The verified token's {@code jti}: the one token a non-admin caller may revoke by id. */
    public static final String JTI = "jti";
    /** The token's {@code origin_jti} (its refresh-token family), empty when absent. */
    public static final String ORIGIN_JTI = "originJti";
    /** The granted scopes, space-separated, sorted. */
    public static final String SCOPE = "scope";
    /** The token's {@code client_id}, empty when absent. */
    public static final String CLIENT_ID = "client_id";
    /** The token's exact {@code iss}. */
    public static final String ISS = "iss";

    private AuthorizerContext() {
    }
}
