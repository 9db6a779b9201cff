package dev.tokengate.revoke.testing;

import dev.tokengate.core.log.LogSink;
import dev.tokengate.testkit.emf.EmfDatapoints;
import dev.tokengate.testkit.emf.EmfValidator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log sink that keeps every line for assertions; a line that carries metrics must be a valid EMF document. */
public final class CapturingLog implements LogSink {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void write(String line) {
        if (EmfValidator.isEmf(line)) {
            EmfValidator.assertValid(line);
        }
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

    /** The sum of {@code metric} over every line, under exactly these dimensions. */
    public double metric(String metric, Map<String, String> dimensions) {
        return lines.stream().flatMap(line -> EmfDatapoints.read(line).stream())
                .filter(p -> p.metric().equals(metric) && p.dimensions().equals(dimensions))
                .mapToDouble(EmfDatapoints.Datapoint::sum).sum();
    }
}
