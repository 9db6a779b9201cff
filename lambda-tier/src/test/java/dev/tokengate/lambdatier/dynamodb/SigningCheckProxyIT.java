package dev.tokengate.lambdatier.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.lambdatier.credentials.AwsCredentials;
import dev.tokengate.lambdatier.credentials.EnvironmentCredentials;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequest.Verdict;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The proxy the tier's "signed with the served credentials" assertions rely on: it lets nothing else through. */
@ExtendWith(MotoExtension.class)
class SigningCheckProxyIT {
    private final EnvironmentCredentials served = EnvironmentCredentials.random();
    private SigningCheckProxy proxy;

    @BeforeEach
    void start(MotoServer moto) {
        proxy = SigningCheckProxy.start(moto.endpoint(), served, MotoServer.REGION.id());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void forwardsARequestSignedWithTheServedCredentials() {
        try (DynamoDbClient client = client(served.credentials(), MotoServer.REGION)) {
            client.listTables();
        }

        assertThat(proxy.requests().all()).containsExactly(
                new DynamoDbRequest("ListTables", served.credentials().accessKeyId(), Verdict.ACCEPTED));
    }

    @Test
    void refusesKeysThatWereNeverServed() {
        AwsCredentials other = AwsCredentials.random();

        assertRefused(other, MotoServer.REGION, "UnrecognizedClientException", Verdict.UNKNOWN_ACCESS_KEY);
    }

    @Test
    void refusesAServedKeyIdWithAnotherSessionToken() {
        AwsCredentials forged = new AwsCredentials(served.credentials().accessKeyId(),
                served.credentials().secretAccessKey(), AwsCredentials.random().sessionToken());

        assertRefused(forged, MotoServer.REGION, "UnrecognizedClientException", Verdict.WRONG_SESSION_TOKEN);
    }

    @Test
    void refusesAServedKeyIdSignedWithAnotherSecret() {
        AwsCredentials forged = new AwsCredentials(served.credentials().accessKeyId(),
                AwsCredentials.random().secretAccessKey(), served.credentials().sessionToken());

        assertRefused(forged, MotoServer.REGION, "InvalidSignatureException", Verdict.BAD_SIGNATURE);
    }

    @Test
    void refusesASignatureForAnotherRegion() {
        assertRefused(served.credentials(), Region.EU_WEST_1, "InvalidSignatureException", Verdict.BAD_SIGNATURE);
    }

    private void assertRefused(AwsCredentials credentials, Region region, String errorCode, Verdict verdict) {
        try (DynamoDbClient client = client(credentials, region)) {
            assertThatThrownBy(client::listTables).isInstanceOfSatisfying(DynamoDbException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorCode));
        }
        assertThat(proxy.requests().all()).extracting(DynamoDbRequest::verdict).containsExactly(verdict);
    }

    private DynamoDbClient client(AwsCredentials credentials, Region region) {
        return DynamoDbClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
