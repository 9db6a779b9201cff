package dev.tokengate.core.token;

/** Names of the JWT claims tokengate reads (RFC 7519, RFC 9068, RFC 8693, OIDC, Amazon Cognito). */
public final class Claims {
    public static final String ISS = "iss";
    public static final String SUB = "sub";
    public static final String AUD = "aud";
    public static final String EXP = "exp";
    public static final String NBF = "nbf";
    public static final String IAT = "iat";
    public static final String JTI = "jti";
    public static final String SCOPE = "scope";
    public static final String SCP = "scp";
    public static final String CLIENT_ID = "client_id";
    /** Amazon Cognito: {@code access} or {@code id}. */
    public static final String TOKEN_USE = "token_use";
    /** The {@code jti} of the refresh token a token was minted from (Amazon Cognito; tokengate's family key). */
    public static final String ORIGIN_JTI = "origin_jti";
    public static final String SID = "sid";
    public static final String CNF = "cnf";

    private Claims() {
    }
}
