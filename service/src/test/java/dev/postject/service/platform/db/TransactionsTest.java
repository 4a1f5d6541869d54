package dev.postject.service.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postject.projections.testing.TestPostgres;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class TransactionsTest {
    private static Transactions transactions;
    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestPostgres.newDatabase());
        dataSource.setUser(TestPostgres.USER);
        transactions = new Transactions(dataSource);
        jdbi = Jdbi.create(transactions);
        jdbi.useHandle(h -> h.execute("CREATE TABLE facts (v TEXT)"));
    }

    @BeforeEach
    void empty() {
        jdbi.useHandle(h -> h.execute("DELETE FROM facts"));
    }

    private static void insert(String value) {
        jdbi.useHandle(h -> h.execute("INSERT INTO facts VALUES (?)", value));
    }

    private static int count() {
        return jdbi.withHandle(h ->
                h.createQuery("SELECT count(*) FROM facts").mapTo(Integer.class).one());
    }

    @Test
    void forcedRollback_leavesNoRows_fromAnyHandleOnTheThread() {
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    insert("a");
                    insert("b");
                    throw new IllegalStateException("forced");
                }))
                .hasMessage("forced");

        assertThat(count()).isZero();
    }

    @Test
    void commit_makesEveryWriteOfTheTransactionVisible() {
        transactions.inTransaction(() -> {
            insert("a");
            insert("b");
            return null;
        });

        assertThat(count()).isEqualTo(2);
    }

    @Test
    void uncommittedWrites_areInvisibleToOtherConnections() throws Exception {
        int[] seenFromOtherThread = new int[1];
        transactions.inTransaction(() -> {
            insert("a");
            Thread other = new Thread(() -> seenFromOtherThread[0] = count());
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });

        assertThat(seenFromOtherThread[0]).isZero();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void joinedTransaction_thatRollsBack_doomsTheOuterOne() {
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    insert("a");
                    try {
                        transactions.inTransaction(() -> {
                            insert("b");
                            throw new IllegalStateException("inner");
                        });
                    } catch (IllegalStateException swallowed) {
                        // the outer work carries on, but must not commit half of it
                    }
                    return null;
                }))
                .isInstanceOf(DatabaseException.class);

        assertThat(count()).isZero();
        assertThat(transactions.isActive()).isFalse();
    }
}
