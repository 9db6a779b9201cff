package dev.tokengate.lambdatier.dynamodb;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every DynamoDB request one function made, in order. A test opens a {@link Window} before it acts and reads only
 * what its own action caused, so counts (reads per decision, say) stay per test on a function shared by many.
 */
public final class DynamoDbRequests {
    private final List<DynamoDbRequest> all = new CopyOnWriteArrayList<>();

    void add(DynamoDbRequest request) {
        all.add(request);
    }

    public List<DynamoDbRequest> all() {
        return List.copyOf(all);
    }

    /** Requests from now on. */
    public Window window() {
        return new Window(all.size());
    }

    /** The requests made after a point in time, read when asked. */
    public final class Window {
        private final int start;

        private Window(int start) {
            this.start = start;
        }

        public List<DynamoDbRequest> requests() {
            List<DynamoDbRequest> now = all();
            return now.subList(Math.min(start, now.size()), now.size());
        }

        public long count(String operation) {
            return requests().stream().filter(r -> r.operation().equals(operation)).count();
        }
    }
}
