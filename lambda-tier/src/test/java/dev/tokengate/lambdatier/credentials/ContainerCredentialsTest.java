package dev.tokengate.lambdatier.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The container credentials endpoint a SnapStart function is pointed at: the token is checked, the keys are fresh. */
class ContainerCredentialsTest {
    private final ContainerCredentials endpoint = ContainerCredentials.start();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void refusesARequestWithoutTheAuthorizationToken() throws Exception {
        HttpResponse<String> response = get(HttpRequest.newBuilder(endpoint.uri()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(endpoint.refusedRequests()).isOne();
        assertThat(endpoint.issued()).isEmpty();
    }

    @Test
    void refusesAWrongAuthorizationToken() throws Exception {
        HttpResponse<String> response = get(HttpRequest.newBuilder(endpoint.uri()).header("Authorization", "guess"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(endpoint.issued()).isEmpty();
    }

    @Test
    void servesFreshCredentialsForTheToken() throws Exception {
        JsonNode first = new ObjectMapper().readTree(getAuthorized().body());
        JsonNode second = new ObjectMapper().readTree(getAuthorized().body());

        assertThat(first.path("AccessKeyId").asText()).isNotEqualTo(second.path("AccessKeyId").asText());
        assertThat(endpoint.issued()).extracting(AwsCredentials::accessKeyId)
                .containsExactly(first.path("AccessKeyId").asText(), second.path("AccessKeyId").asText());
        assertThat(first.path("Token").asText()).isEqualTo(endpoint.issued().get(0).sessionToken());
        assertThat(first.path("Expiration").asText()).isNotEmpty();
    }

    private HttpResponse<String> getAuthorized() throws Exception {
        String token = endpoint.environment().get(ContainerCredentials.AUTHORIZATION_TOKEN);
        return get(HttpRequest.newBuilder(URI.create(endpoint.environment().get(ContainerCredentials.FULL_URI)))
                .header("Authorization", token));
    }

    private HttpResponse<String> get(HttpRequest.Builder request) throws Exception {
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
