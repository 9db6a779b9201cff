package dev.tokengate.audit;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Event JSON in and out through the Lambda Java runtime's own serializer ({@code aws-lambda-java-serialization}),
 * so tests see exactly the objects the runtime would hand the handler and the JSON it would send back.
 */
public final class LambdaRuntimeJson {
    /** The module's sample events, shared with {@code sam local invoke -e}. */
    public static final Path EVENTS = Path.of("..", "events", "ttl-cleanup-fn");

    private static final ClassLoader LOADER = LambdaRuntimeJson.class.getClassLoader();

    private LambdaRuntimeJson() {
    }

    public static DynamodbEvent event(String json) {
        PojoSerializer<DynamodbEvent> serializer = LambdaEventSerializers.serializerFor(DynamodbEvent.class, LOADER);
        return serializer.fromJson(json);
    }

    public static DynamodbEvent eventFile(String name) {
        try (InputStream in = Files.newInputStream(EVENTS.resolve(name))) {
            return LambdaEventSerializers.serializerFor(DynamodbEvent.class, LOADER).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String response(StreamsEventResponse response) {
        PojoSerializer<StreamsEventResponse> serializer =
                LambdaEventSerializers.serializerFor(StreamsEventResponse.class, LOADER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(response, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
