package dev.tokengate.lambdatier.credentials;

import java.security.SecureRandom;

/** One set of temporary credentials of the function's execution role, as STS would issue them (random here). */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** Fresh values in the shapes STS uses: a 20-character ASIA key id, a 40-character secret, a long token. */
    public static AwsCredentials random() {
        return new AwsCredentials("ASIA" + random(KEY_ID_ALPHABET, 16), random(SECRET_ALPHABET, 40),
                random(SECRET_ALPHABET, 356));
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Safe to print: the key id only, as AWS's own error messages do. */
    @Override
    public String toString() {
        return "AwsCredentials[" + accessKeyId + "]";
    }
}
