package dev.postject.service.platform.db;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jdbi.v3.core.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC transaction per thread, shared by Axon and Jdbi: the event append, the read-your-writes
 * projections and any other write made while it is open commit or roll back together.
 *
 * <p>Axon's own JDBC support autocommits every statement outside Spring; this class is Axon's
 * {@link TransactionManager} and {@link ConnectionProvider} and Jdbi's {@link ConnectionFactory}.
 * A transaction started while another is open on the thread joins it; a joined transaction that
 * rolls back dooms the outer one.
 */
public final class Transactions implements TransactionManager, ConnectionProvider, ConnectionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    private static final String DEADLOCK_DETECTED = "40P01";
    private final DataSource dataSource;
    private final ThreadLocal<Bound> current = new ThreadLocal<>();

    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Transaction startTransaction() {
        Bound bound = current.get();
        if (bound != null) {
            bound.depth++;
            return new Joined(bound);
        }
        try {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            bound = new Bound(connection);
            current.set(bound);
            return new Outer(bound);
        } catch (SQLException e) {
            throw new DatabaseException("Could not begin a transaction", e);
        }
    }

    /**
     * Runs {@code work} in a transaction (joining one already open on this thread).
     *
     * <p>A transaction of its own that failed because an aggregate it changed was behind the ledger
     * (another node appended to it since this node loaded it: Axon's {@link ConcurrencyException},
     * the event store's unique key) is rolled back and {@code work} runs once more, in a new
     * transaction. The rolled-back unit of work dropped the loaded aggregate, so the second run
     * sources it from the ledger. So does one PostgreSQL chose to fail when it found two
     * transactions waiting for each other's locks (a deadlock). A joined transaction leaves that to
     * the one it joined: the failure dooms the whole transaction, which only its owner can run again.
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return once(work);
        }
        try {
            return once(work);
        } catch (RuntimeException e) {
            if (!worthASecondRun(e)) {
                throw e;
            }
            LOG.debug("Running the transaction again: {}", e.getMessage());
            return once(work);
        }
    }

    private static boolean worthASecondRun(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException
                    || (cause instanceof SQLException sql && DEADLOCK_DETECTED.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private <T> T once(Supplier<T> work) {
        Transaction tx = startTransaction();
        T result;
        try {
            result = work.get();
        } catch (Throwable e) { // a checked exception thrown sneakily too: nothing stays bound to the thread
            tx.rollback();
            throw e;
        }
        tx.commit();
        return result;
    }

    /**
     * Runs {@code action} once the transaction open on this thread commits (at once if none is
     * open). An action that throws after the commit is logged: the commit stands, and the actions
     * after it run.
     */
    public void afterCommit(Runnable action) {
        Bound bound = current.get();
        if (bound == null) {
            action.run();
        } else {
            bound.afterCommit.add(action);
        }
    }

    /**
     * The value kept under {@code key} for the transaction open on this thread, made by {@code
     * create} the first time it is asked for (e.g. writes gathered to be made together); gone with
     * the transaction. None outside a transaction: the caller makes its writes at once.
     */
    public <T> java.util.Optional<T> kept(Class<T> key, Supplier<T> create) {
        Bound bound = current.get();
        return bound == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(key.cast(bound.kept.computeIfAbsent(key, unused -> create.get())));
    }

    /**
     * Runs {@code action} in the transaction open on this thread, just before it commits (after
     * any unit of work of the ledger in it has committed its events), or at once if none is open.
     * An action that throws rolls the transaction back, and the commit throws it.
     */
    public void beforeCommit(Runnable action) {
        Bound bound = current.get();
        if (bound == null) {
            action.run();
        } else {
            bound.beforeCommit.add(action);
        }
    }

    /**
     * Runs {@code action} if the transaction open on this thread rolls back or fails to commit
     * (nothing if none is open): e.g. to drop what was cached of a change that is not committed after all.
     */
    public void onRollback(Runnable action) {
        Bound bound = current.get();
        if (bound != null) {
            bound.onRollback.add(action);
        }
    }

    /**
     * Serializes, until the open transaction ends, everyone who locks the same key (a PostgreSQL
     * transaction-scoped advisory lock on a 64-bit hash of it). A key this transaction holds already
     * costs no statement.
     */
    public void lockUntilCommit(String key) {
        lockUntilCommit(java.util.List.of(key));
    }

    /**
     * As {@link #lockUntilCommit(String)} for several keys, taken in the order given, in one
     * statement (those this transaction holds already left out).
     */
    public void lockUntilCommit(java.util.List<String> keys) {
        Bound bound = current.get();
        if (bound == null) {
            throw new IllegalStateException("lockUntilCommit needs an open transaction");
        }
        java.util.List<String> taking = new java.util.ArrayList<>(keys.size());
        for (String key : keys) {
            if (bound.locked.add(key)) {
                taking.add(key);
            }
        }
        if (taking.isEmpty()) {
            return;
        }
        // unnest yields the keys in their order, and each is locked as its row is made
        try (java.sql.PreparedStatement lock = bound.shared.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(?::text[]) AS k")) {
            lock.setArray(1, bound.shared.createArrayOf("text", taking.toArray()));
            lock.execute();
        } catch (SQLException e) {
            bound.locked.removeAll(taking);
            throw new DatabaseException("Could not take the lock", e);
        }
    }

    public boolean isActive() {
        return current.get() != null;
    }

    /** The connection of the open transaction (closing it does nothing), or a pooled one. */
    @Override
    public Connection getConnection() throws SQLException {
        Bound bound = current.get();
        return bound != null ? bound.shared : dataSource.getConnection();
    }

    @Override
    public Connection openConnection() throws SQLException {
        return getConnection();
    }

    private final class Bound {
        final Connection connection;
        final Connection shared;
        int depth;
        boolean rollbackOnly;
        final java.util.List<Runnable> beforeCommit = new java.util.ArrayList<>();
        final java.util.List<Runnable> afterCommit = new java.util.ArrayList<>();
        final java.util.Map<Class<?>, Object> kept = new java.util.HashMap<>();
        final java.util.List<Runnable> onRollback = new java.util.ArrayList<>();
        final java.util.Set<String> locked = new java.util.HashSet<>();

        Bound(Connection connection) {
            this.connection = connection;
            this.shared = unclosable(connection);
        }

        /**
         * An action after the commit: one that fails is logged, and neither stops the others nor
         * makes the committed transaction look failed to its caller.
         */
        private static void runCommitted(Runnable action) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("An action after a commit failed; the transaction stands", e);
            }
        }

        void end(boolean commit) {
            current.remove();
            boolean committed = false;
            try {
                if (commit) {
                    connection.commit();
                    committed = true;
                    afterCommit.forEach(Bound::runCommitted);
                } else {
                    connection.rollback();
                }
            } catch (SQLException e) {
                throw new DatabaseException(commit ? "Commit failed" : "Rollback failed", e);
            } finally {
                if (!committed) {
                    onRollback.forEach(Runnable::run);
                }
                try {
                    connection.setAutoCommit(true);
                    connection.close();
                } catch (SQLException ignored) {
                    // the pool validates connections before handing them out again
                }
            }
        }
    }

    private final class Outer implements Transaction {
        private final Bound bound;

        Outer(Bound bound) {
            this.bound = bound;
        }

        @Override
        public void commit() {
            if (bound.rollbackOnly) {
                bound.end(false);
                throw new DatabaseException("Transaction rolled back: a joined transaction failed", null);
            }
            try {
                for (int i = 0; i < bound.beforeCommit.size(); i++) { // an action may add another
                    bound.beforeCommit.get(i).run();
                }
            } catch (RuntimeException | Error e) {
                bound.end(false);
                throw e;
            }
            bound.end(true);
        }

        @Override
        public void rollback() {
            bound.end(false);
        }
    }

    private static final class Joined implements Transaction {
        private final Bound bound;

        Joined(Bound bound) {
            this.bound = bound;
        }

        @Override
        public void commit() {
            bound.depth--;
        }

        @Override
        public void rollback() {
            bound.depth--;
            bound.rollbackOnly = true;
        }
    }

    private static Connection unclosable(Connection target) {
        return (Connection) Proxy.newProxyInstance(
                Transactions.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "isClosed":
                            return false;
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        default:
                            try {
                                return method.invoke(target, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }
}
