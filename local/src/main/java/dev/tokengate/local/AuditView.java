package dev.tokengate.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** LOCAL ONLY. Reads the local audit table back so a user can watch revocations being audited. */
final class AuditView {
    private static final int LIMIT = 200;

    private final DynamoDbClient client;
    private final String table;

    AuditView(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /** Every audit item (up to a bound), as plain JSON values, oldest first by sort key. */
    List<Map<String, Object>> all() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : client.scanPaginator(r -> r.tableName(table).limit(LIMIT)).items()) {
            Map<String, Object> plain = new LinkedHashMap<>();
            item.forEach((k, v) -> plain.put(k, plain(v)));
            items.add(plain);
            if (items.size() >= LIMIT) {
                break;
            }
        }
        items.sort(Comparator.comparing(m -> String.valueOf(m.get("SK"))));
        return items;
    }

    private static Object plain(AttributeValue v) {
        if (v.s() != null) {
            return v.s();
        }
        if (v.n() != null) {
            return new java.math.BigDecimal(v.n());
        }
        if (v.bool() != null) {
            return v.bool();
        }
        if (v.hasM()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.m().forEach((k, x) -> m.put(k, plain(x)));
            return m;
        }
        if (v.hasL()) {
            return v.l().stream().map(AuditView::plain).toList();
        }
        return null;
    }
}
