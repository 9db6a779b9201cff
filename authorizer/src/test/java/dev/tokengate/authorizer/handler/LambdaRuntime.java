package dev.tokengate.authorizer.handler;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the Lambda Java runtime does around {@code handleRequest} for a POJO handler: it finds the handler's input
 * type from its {@code RequestHandler} type arguments and (de)serializes with aws-lambda-java-serialization's
 * Jackson factory. Tests use this to feed {@code events/} files and to read answers exactly as API Gateway would.
 */
final class LambdaRuntime {
    static final Path EVENTS = Path.of("..", "events");
    private static final PojoSerializer<Object> SERIALIZER = JacksonFactory.getInstance().getSerializer(inputType());

    private LambdaRuntime() {
    }

    private static Type inputType() {
        for (Type type : AuthorizerHandler.class.getGenericInterfaces()) {
            if (type instanceof ParameterizedType p && p.getRawType().getTypeName().endsWith("RequestHandler")) {
                return p.getActualTypeArguments()[0];
            }
        }
        throw new IllegalStateException("AuthorizerHandler is not a RequestHandler");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> event(String json) {
        return (Map<String, Object>) SERIALIZER.fromJson(json);
    }

    static Map<String, Object> eventFile(String name) {
        return event(read(EVENTS.resolve("authorizer").resolve(name)));
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handler's answer as the runtime would send it to API Gateway. */
    static String toJson(Map<String, Object> answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SERIALIZER.toJson(answer, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The answer round-tripped through JSON, to compare with the documented format as plain maps and lists. */
    static Map<String, Object> asApiGatewaySeesIt(Map<String, Object> answer) {
        return event(toJson(answer));
    }

    /** The {@code AuthorizerFunction} section of {@code events/env.local.json}. */
    @SuppressWarnings("unchecked")
    static Map<String, String> localEnvironment() {
        Map<String, Object> file = event(read(EVENTS.resolve("env.local.json")));
        return (Map<String, String>) file.get("AuthorizerFunction");
    }
}
