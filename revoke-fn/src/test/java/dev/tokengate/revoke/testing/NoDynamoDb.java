package dev.tokengate.revoke.testing;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import dev.tokengate.testkit.MotoServer;

/**
 * A DynamoDB client for tests that must cause no DynamoDB call at all: every call is counted and refused before it
 * leaves the process. Not a mock of DynamoDB behaviour: it proves the code never got as far as asking.
 */
public final class NoDynamoDb {
    private final AtomicInteger calls = new AtomicInteger();
    private final DynamoDbClient client;

    public NoDynamoDb() {
        this.client = DynamoDbClient.builder()
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(MotoServer.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        calls.incrementAndGet();
                        throw new IllegalStateException("this test must not call DynamoDB");
                    }
                }))
                .build();
    }

    public DynamoDbClient client() {
        return client;
    }

    public int calls() {
        return calls.get();
    }
}
