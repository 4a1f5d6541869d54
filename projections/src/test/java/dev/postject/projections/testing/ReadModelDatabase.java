package dev.postject.projections.testing;

import dev.postject.projections.schema.Migrations;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** A migrated database of its own, for projection and query tests. */
public final class ReadModelDatabase {
    private ReadModelDatabase() {}

    public static Jdbi create() {
        Jdbi jdbi =
                Jdbi.create(TestPostgres.newDatabase(), TestPostgres.USER, "").installPlugin(new SqlObjectPlugin());
        Migrations.migrate(jdbi);
        return jdbi;
    }
}
