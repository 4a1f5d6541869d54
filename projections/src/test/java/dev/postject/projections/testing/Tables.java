package dev.postject.projections.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The tables of a test database, and what they hold. */
public final class Tables {
    private Tables() {}

    /** Every table the migrations made, but their own record. */
    public static List<String> of(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                        + " AND table_name <> 'schema_migrations' ORDER BY table_name")
                .mapTo(String.class)
                .list());
    }

    /**
     * Every row of every table that has any, as JSON, sorted: two snapshots are equal when the
     * tables hold the same rows. A serial column (e.g. {@code rm_email_events.seq}, which only orders rows) is
     * shown as the row's rank by it, so a model rebuilt in the same order compares equal.
     */
    public static Map<String, List<String>> snapshot(Jdbi jdbi) {
        return jdbi.withHandle(h -> {
            Map<String, List<String>> snapshot = new LinkedHashMap<>();
            for (String table : of(jdbi)) {
                List<String> rows = rows(h, table);
                if (!rows.isEmpty()) {
                    snapshot.put(table, rows);
                }
            }
            return snapshot;
        });
    }

    private static List<String> rows(Handle h, String table) {
        List<String> serials = h.createQuery("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = :table"
                        + " AND column_default LIKE 'nextval(%' ORDER BY column_name")
                .bind("table", table)
                .mapTo(String.class)
                .list();
        StringBuilder row = new StringBuilder("to_jsonb(t)");
        for (String serial : serials) {
            row.append(" || jsonb_build_object('")
                    .append(serial)
                    .append("', row_number() OVER (ORDER BY t.")
                    .append(serial)
                    .append("))");
        }
        return h.createQuery("SELECT (" + row + ")::text FROM " + table + " t ORDER BY 1")
                .mapTo(String.class)
                .list();
    }
}
