package dev.tokengate.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.tokengate.audit.stream.PhantomInserts;
import dev.tokengate.audit.stream.StreamRecordsToLambdaEvent;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.testkit.LambdaInvocationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * LOCAL ONLY. Plays Lambda's DynamoDB event source mapping for the stream function: reads the token table's stream
 * through the DynamoDB Streams API, hands each batch to the handler as the {@code DynamodbEvent} the Lambda runtime
 * would deserialize, and honours partial batch failures by redelivering from the first failed record. A batch that
 * keeps failing is given up after {@link #MAX_RETRIES} retries and logged as sent to the on-failure destination.
 */
final class StreamPoller implements AutoCloseable {
    static final int MAX_RETRIES = 3;
    private static final int BATCH_SIZE = 100;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final PojoSerializer<DynamodbEvent> serializer;
    private final Duration interval;
    private final Map<String, String> iterators = new HashMap<>();
    private final Map<String, List<Record>> pending = new HashMap<>();
    private final Map<String, Integer> retries = new HashMap<>();
    private volatile boolean running;
    private Thread thread;

    StreamPoller(DynamoDbStreamsClient streams, String streamArn,
                 RequestHandler<DynamodbEvent, StreamsEventResponse> handler, Duration interval) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.handler = handler;
        this.interval = interval;
        this.serializer = LambdaEventSerializers.serializerFor(DynamodbEvent.class, getClass().getClassLoader());
    }

    void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                try {
                    pollOnce();
                } catch (RuntimeException e) {
                    // The engine may be down (the fault demo stops it): keep polling, as the real mapping retries.
                    System.out.println(JsonLine.warn("local.stream.poll_failed")
                            .with("error", e.getClass().getSimpleName()).render());
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stream-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** One pass over every shard: read new records and deliver what is pending. Returns records delivered. */
    synchronized int pollOnce() {
        int delivered = 0;
        for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
            String shardId = shard.shardId();
            List<Record> batch = pending.computeIfAbsent(shardId, k -> new ArrayList<>());
            String iterator = iterators.get(shardId);
            if (iterator == null && !iterators.containsKey(shardId)) {
                iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            }
            if (iterator != null && batch.size() < BATCH_SIZE) {
                String current = iterator;
                var response = streams.getRecords(r -> r.shardIterator(current).limit(BATCH_SIZE - batch.size()));
                // moto writes a key-only INSERT before an UpdateItem's real one; DynamoDB does not.
                batch.addAll(PhantomInserts.removeFrom(response.records()));
                iterators.put(shardId, response.nextShardIterator());
            }
            if (!batch.isEmpty()) {
                delivered += deliver(shardId, batch);
            }
        }
        return delivered;
    }

    private int deliver(String shardId, List<Record> batch) {
        DynamodbEvent event = serializer.fromJson(StreamRecordsToLambdaEvent.toJson(batch, streamArn));
        StreamsEventResponse response = handler.handleRequest(event, new LambdaInvocationContext("AuditStreamFunction", 30_000));
        String failed = firstFailure(response);
        if (failed == null) {
            int count = batch.size();
            batch.clear();
            retries.remove(shardId);
            return count;
        }
        int index = indexOf(batch, failed);
        int attempts = retries.merge(shardId, 1, Integer::sum);
        if (attempts > MAX_RETRIES) {
            System.out.println(JsonLine.error("local.stream.batch_abandoned")
                    .with("sequenceNumber", failed).with("records", batch.size() - Math.max(index, 0))
                    .with("destination", "on-failure queue (local: this log line)").render());
            batch.clear();
            retries.remove(shardId);
            return 0;
        }
        // Records before the failed one are done; redeliver from the failed one on the next pass.
        int done = Math.max(index, 0);
        batch.subList(0, done).clear();
        return done;
    }

    private static String firstFailure(StreamsEventResponse response) {
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return null;
        }
        return response.getBatchItemFailures().get(0).getItemIdentifier();
    }

    private static int indexOf(List<Record> batch, String sequenceNumber) {
        for (int i = 0; i < batch.size(); i++) {
            if (sequenceNumber.equals(batch.get(i).dynamodb().sequenceNumber())) {
                return i;
            }
        }
        return 0; // an unknown identifier: redeliver the whole batch, as Lambda does
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
