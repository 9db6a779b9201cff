package dev.tokengate.local;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * LOCAL ONLY. The functions log to standard output, as on Lambda; this passes everything on to the console unchanged
 * and hands each complete line to a reader as well (the metrics view). It must be installed before the handlers are
 * built: they take hold of {@code System.out} once, at init.
 */
final class StdoutTap extends OutputStream implements AutoCloseable {
    private final PrintStream original;
    private final Consumer<String> reader;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);

    private StdoutTap(PrintStream original, Consumer<String> reader) {
        this.original = original;
        this.reader = reader;
    }

    /** Replaces {@code System.out}; {@link #close} puts the original back. */
    static StdoutTap install(Consumer<String> reader) {
        StdoutTap tap = new StdoutTap(System.out, reader);
        System.setOut(new PrintStream(tap, true, StandardCharsets.UTF_8));
        return tap;
    }

    @Override
    public synchronized void write(int b) {
        original.write(b);
        if (b == '\n') {
            String complete = line.toString(StandardCharsets.UTF_8);
            line.reset();
            try {
                reader.accept(complete);
            } catch (RuntimeException e) {
                // a reader's problem must never cost a function its log line
            }
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() {
        original.flush();
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
