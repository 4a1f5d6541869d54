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
import org.jdbi.v3.core.ConnectionFactory;

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

    /** Runs {@code work} in a transaction (joining one already open on this thread). */
    public <T> T inTransaction(Supplier<T> work) {
        Transaction tx = startTransaction();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            tx.rollback();
            throw e;
        }
        tx.commit();
        return result;
    }

    /** Runs {@code action} once the transaction open on this thread commits (at once if none is open). */
    public void afterCommit(Runnable action) {
        Bound bound = current.get();
        if (bound == null) {
            action.run();
        } else {
            bound.afterCommit.add(action);
        }
    }

    /**
     * Serializes, until the open transaction ends, everyone who locks the same key (a PostgreSQL
     * transaction-scoped advisory lock).
     */
    public void lockUntilCommit(String key) {
        if (current.get() == null) {
            throw new IllegalStateException("lockUntilCommit needs an open transaction");
        }
        try (java.sql.PreparedStatement lock =
                current.get().shared.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, key);
            lock.execute();
        } catch (SQLException e) {
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
        final java.util.List<Runnable> afterCommit = new java.util.ArrayList<>();

        Bound(Connection connection) {
            this.connection = connection;
            this.shared = unclosable(connection);
        }

        void end(boolean commit) {
            current.remove();
            try {
                if (commit) {
                    connection.commit();
                    afterCommit.forEach(Runnable::run);
                } else {
                    connection.rollback();
                }
            } catch (SQLException e) {
                throw new DatabaseException(commit ? "Commit failed" : "Rollback failed", e);
            } finally {
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
