package dev.tokengate.lambdatier.dynamodb;

/**
 * One request a function sent to DynamoDB, as the signature-checking proxy judged it.
 *
 * @param operation the action after {@code X-Amz-Target}'s dot ({@code BatchGetItem}), or {@code ?} without one
 * @param accessKeyId the key id named in the signature's credential scope, or {@code ?} without a signature
 */
public record DynamoDbRequest(String operation, String accessKeyId, Verdict verdict) {
    /** What the proxy made of the signature; only {@link #ACCEPTED} requests reach the table. */
    public enum Verdict {
        ACCEPTED,
        /** No SigV4 Authorization header, or one that does not parse. */
        NOT_SIGNED,
        /** Signed with a key id the function was never given. */
        UNKNOWN_ACCESS_KEY,
        /** Signed with a served key id but without, or with another, session token. */
        WRONG_SESSION_TOKEN,
        /** The signature does not verify with the secret served with that key id (or names another region). */
        BAD_SIGNATURE
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }
}
