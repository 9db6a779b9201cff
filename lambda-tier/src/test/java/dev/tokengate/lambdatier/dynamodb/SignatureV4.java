package dev.tokengate.lambdatier.dynamodb;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 (header form), checked the way an AWS service checks it: rebuild the canonical request from
 * what arrived, derive the signing key from the secret, compare. Only what DynamoDB's JSON protocol sends is covered
 * (a POST with a body, a path but no query to speak of).
 */
final class SignatureV4 {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(ALGORITHM
            + " Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
    private static final HexFormat HEX = HexFormat.of();

    private SignatureV4() {
    }

    /** The parts of an {@code Authorization} header. */
    record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
                         String signature) {
        static Optional<Authorization> parse(String header) {
            if (header == null) {
                return Optional.empty();
            }
            Matcher m = AUTHORIZATION.matcher(header.trim());
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Authorization(m.group(1), m.group(2), m.group(3), m.group(4),
                    List.of(m.group(5).split(";")), m.group(6)));
        }

        String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    /** What arrived: header names in any case (looked up case-insensitively), values as sent. */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> String.join(",", h.getValue()))
                    .findFirst();
        }
    }

    static boolean verify(Authorization authorization, String secretAccessKey, Request request) {
        Optional<String> amzDate = request.header("X-Amz-Date");
        if (amzDate.isEmpty() || !amzDate.get().startsWith(authorization.date())
                || !authorization.signedHeaders().contains("host")) {
            return false;
        }
        Optional<String> canonical = canonicalRequest(authorization, request);
        if (canonical.isEmpty()) {
            return false;
        }
        String stringToSign = ALGORITHM + "\n" + amzDate.get() + "\n" + authorization.scope() + "\n"
                + sha256Hex(canonical.get().getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), authorization.date());
        key = hmac(key, authorization.region());
        key = hmac(key, authorization.service());
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, stringToSign);
        return MessageDigest.isEqual(expected, HEX.parseHex(authorization.signature()));
    }

    private static Optional<String> canonicalRequest(Authorization authorization, Request request) {
        StringBuilder headers = new StringBuilder();
        for (String name : authorization.signedHeaders()) {
            Optional<String> value = request.header(name);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            headers.append(name).append(':').append(value.get().trim().replaceAll(" +", " ")).append('\n');
        }
        // The hash of what arrived, never the client's claim about it; a claim that differs fails the check.
        String payloadHash = sha256Hex(request.body());
        if (!request.header("X-Amz-Content-Sha256").orElse(payloadHash).equals(payloadHash)) {
            return Optional.empty();
        }
        return Optional.of(request.method() + "\n" + canonicalPath(request.rawPath()) + "\n"
                + canonicalQuery(request.rawQuery()) + "\n" + headers + "\n"
                + String.join(";", authorization.signedHeaders()) + "\n" + payloadHash);
    }

    /** Every service but S3 encodes the (already encoded) path segments once more. */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return Arrays.stream(rawPath.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            pairs.add(pair.contains("=") ? pair : pair + "=");
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
