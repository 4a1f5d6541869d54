package dev.postject.service.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postject.projections.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionsTest {
    private static Transactions transactions;
    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        transactions = new Transactions(TestPostgres.newDataSource());
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

    @Test
    void anAggregateBehindTheLedger_runsTheWholeTransactionOnceMore_fromNothing() {
        int[] runs = new int[1];

        String result = transactions.inTransaction(() -> {
            insert("run " + ++runs[0]);
            if (runs[0] == 1) {
                transactions.inTransaction(() -> {
                    throw new IllegalStateException(
                            "a command failed", new ConcurrencyException("sequence 3 was already inserted"));
                });
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(runs[0]).isEqualTo(2);
        List<String> rows = jdbi.withHandle(
                h -> h.createQuery("SELECT v FROM facts").mapTo(String.class).list());
        assertThat(rows).containsExactly("run 2");
    }

    @Test
    void anAggregateBehindTheLedgerTwice_orAnyOtherFailure_isNotRunAgain() {
        int[] runs = new int[1];
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    runs[0]++;
                    throw new ConcurrencyException("behind again");
                }))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(runs[0]).isEqualTo(2);

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    runs[0]++;
                    throw new IllegalStateException("forced");
                }))
                .hasMessage("forced");
        assertThat(runs[0]).isEqualTo(3);
    }

    @Test
    void onRollback_runsWhenTheTransactionRollsBack_orAJoinedOneDoomedIt_neverAfterACommit() {
        List<String> undone = new ArrayList<>();
        transactions.inTransaction(() -> {
            transactions.onRollback(() -> undone.add("committed"));
            return null;
        });
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    transactions.onRollback(() -> undone.add("failed"));
                    throw new IllegalStateException("forced");
                }))
                .hasMessage("forced");
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    transactions.inTransaction(() -> {
                        transactions.onRollback(() -> undone.add("joined, then doomed"));
                        return null;
                    });
                    try {
                        transactions.inTransaction(() -> {
                            throw new IllegalStateException("inner");
                        });
                    } catch (IllegalStateException swallowed) {
                        // the outer one commits nothing of it
                    }
                    return null;
                }))
                .isInstanceOf(DatabaseException.class);

        assertThat(undone).containsExactly("failed", "joined, then doomed");
    }

    @Test
    void anActionAfterTheCommitThatFails_leavesTheCommitStanding_andTheNextActionsRun() {
        List<String> ran = new ArrayList<>();
        String result = transactions.inTransaction(() -> {
            insert("a");
            transactions.afterCommit(() -> ran.add("first"));
            transactions.afterCommit(() -> {
                throw new IllegalStateException("an action that fails");
            });
            transactions.afterCommit(() -> ran.add("third"));
            return "committed";
        });

        assertThat(result).isEqualTo("committed");
        assertThat(ran).containsExactly("first", "third");
        assertThat(count()).isEqualTo(1);
        assertThat(transactions.isActive()).isFalse();
    }

    /** Writes gathered in a transaction and made together before it commits. */
    static final class Gathered {
        final List<String> values = new ArrayList<>();
    }

    private static void gather(String value) {
        transactions
                .kept(Gathered.class, () -> {
                    Gathered gathered = new Gathered();
                    transactions.beforeCommit(() -> gathered.values.forEach(TransactionsTest::insert));
                    return gathered;
                })
                .orElseThrow()
                .values
                .add(value);
    }

    @Test
    void actionsBeforeTheCommit_writeInTheTransaction_andWhatIsKeptIsItsOwn() {
        List<String> seenBeforeTheCommit = new ArrayList<>();
        transactions.inTransaction(() -> {
            gather("a");
            transactions.inTransaction(
                    () -> { // a joined transaction keeps in the outer one
                        gather("b");
                        return null;
                    });
            seenBeforeTheCommit.add("rows " + count());
            return null;
        });
        transactions.inTransaction(() -> {
            gather("c");
            return null;
        });

        assertThat(seenBeforeTheCommit).containsExactly("rows 0");
        List<String> written = jdbi.withHandle(h -> h.createQuery("SELECT v FROM facts ORDER BY v")
                .mapTo(String.class)
                .list());
        assertThat(written).containsExactly("a", "b", "c");
        assertThat(transactions.kept(Gathered.class, Gathered::new)).isEmpty();
    }

    @Test
    void anActionBeforeTheCommitThatFails_rollsTheTransactionBack_andTheCommitThrowsIt() {
        List<String> undone = new ArrayList<>();
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    insert("a");
                    transactions.onRollback(() -> undone.add("rolled back"));
                    transactions.beforeCommit(() -> {
                        throw new IllegalStateException("a write before the commit failed");
                    });
                    return null;
                }))
                .hasMessage("a write before the commit failed");

        assertThat(count()).isZero();
        assertThat(undone).containsExactly("rolled back");
        assertThat(transactions.isActive()).isFalse();
    }
}
