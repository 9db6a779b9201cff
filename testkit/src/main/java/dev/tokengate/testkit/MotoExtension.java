package dev.tokengate.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a shared {@link MotoServer}: one engine per test JVM, started on first use and
 * stopped when the JVM's tests end. Tests isolate themselves with fresh table names. Use with
 * {@code @ExtendWith(MotoExtension.class)} and a {@code MotoServer} parameter.
 */
public final class MotoExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("moto", key -> new SharedMoto(MotoServer.start()), SharedMoto.class)
                .server();
    }

    /** Closed by JUnit when the root context ends. */
    private record SharedMoto(MotoServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
