package dev.postject.projections.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.projections.testing.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void migrate_onAnEmptyDatabase_appliesEveryScriptOnce_andAgainChangesNothing() {
        Jdbi jdbi = Jdbi.create(TestPostgres.newDatabase(), TestPostgres.USER, "");

        int first = Migrations.migrate(jdbi);
        int second = Migrations.migrate(jdbi);

        int latest = Migrations.versionOf(Migrations.SCRIPTS.get(Migrations.SCRIPTS.size() - 1));
        assertThat(first).isEqualTo(latest);
        assertThat(second).isEqualTo(latest);
        int applied = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM schema_migrations")
                .mapTo(Integer.class)
                .one());
        assertThat(applied).isEqualTo(Migrations.SCRIPTS.size());
    }

    @Test
    void everyScriptInTheMigrationFolder_isListed_inVersionOrder() throws IOException, URISyntaxException {
        Path folder =
                Path.of(getClass().getClassLoader().getResource("db/migration").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())
                            .sorted(Comparator.comparingInt(Migrations::versionOf)))
                    .containsExactlyElementsOf(Migrations.SCRIPTS);
        }
        assertThat(Migrations.SCRIPTS.stream().map(Migrations::versionOf))
                .isSorted()
                .doesNotHaveDuplicates();
    }
}
