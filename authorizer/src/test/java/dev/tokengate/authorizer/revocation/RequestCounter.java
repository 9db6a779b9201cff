package dev.tokengate.authorizer.revocation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Counts what a real client sends: API calls (one per SDK operation) and HTTP attempts (retries included). */
public final class RequestCounter implements ExecutionInterceptor {
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.incrementAndGet();
        requests.add(context.request());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.incrementAndGet();
    }

    public int calls() {
        return calls.get();
    }

    public int attempts() {
        return attempts.get();
    }

    public List<SdkRequest> requests() {
        return List.copyOf(requests);
    }

    public void reset() {
        calls.set(0);
        attempts.set(0);
        requests.clear();
    }
}
