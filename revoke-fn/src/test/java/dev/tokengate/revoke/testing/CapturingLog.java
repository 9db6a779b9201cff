package dev.tokengate.revoke.testing;

import dev.tokengate.core.log.LogSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log sink that keeps every line for assertions. */
public final class CapturingLog implements LogSink {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void write(String line) {
        lines.add(line);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String last() {
        return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }

    public String joined() {
        return String.join("\n", lines);
    }
}
