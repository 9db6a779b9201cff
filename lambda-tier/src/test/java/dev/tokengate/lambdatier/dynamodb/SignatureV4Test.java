package dev.tokengate.lambdatier.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.lambdatier.credentials.AwsCredentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** The proxy's signature check against the AWS SDK's own SigV4 signer: what the SDK signs verifies, nothing else. */
class SignatureV4Test {
    private static final String BODY = "{\"TableName\":\"tokens\"}";
    private final AwsCredentials credentials = AwsCredentials.random();

    @Test
    void acceptsARequestTheSdkSigned() {
        SdkHttpRequest signed = sign(credentials, "us-east-1");

        assertThat(verify(signed, credentials.secretAccessKey(), BODY)).isTrue();
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        SdkHttpRequest signed = sign(AwsCredentials.random(), "us-east-1");

        assertThat(verify(signed, credentials.secretAccessKey(), BODY)).isFalse();
    }

    @Test
    void refusesAChangedBody() {
        SdkHttpRequest signed = sign(credentials, "us-east-1");

        assertThat(verify(signed, credentials.secretAccessKey(), "{\"TableName\":\"audit\"}")).isFalse();
    }

    @Test
    void refusesAChangedSignedHeader() {
        SdkHttpRequest signed = sign(credentials, "us-east-1").toBuilder()
                .putHeader("X-Amz-Target", "DynamoDB_20120810.DeleteTable").build();

        assertThat(verify(signed, credentials.secretAccessKey(), BODY)).isFalse();
    }

    private SdkHttpRequest sign(AwsCredentials with, String region) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:4566/"))
                .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .build();
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(with.accessKeyId(), with.secretAccessKey(),
                        with.sessionToken()))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(BODY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
    }

    private static boolean verify(SdkHttpRequest signed, String secret, String body) {
        Map<String, List<String>> headers = new HashMap<>(signed.headers());
        if (!headers.containsKey("Host")) {
            headers.put("Host", List.of(signed.host() + ":" + signed.port()));
        }
        SignatureV4.Authorization authorization =
                SignatureV4.Authorization.parse(signed.firstMatchingHeader("Authorization").orElseThrow()).orElseThrow();
        return SignatureV4.verify(authorization, secret, new SignatureV4.Request(signed.method().name(),
                signed.encodedPath(), null, headers, body.getBytes(StandardCharsets.UTF_8)));
    }
}
