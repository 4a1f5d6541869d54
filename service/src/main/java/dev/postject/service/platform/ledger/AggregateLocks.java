package dev.postject.service.platform.ledger;

import dev.postject.service.platform.db.Transactions;
import java.util.List;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The aggregates' locks: a command that loads (or creates) an aggregate holds it until the database
 * transaction it joined ends, as a PostgreSQL transaction-scoped advisory lock.
 *
 * <p>Axon's own locks live in the JVM and are released when the command's unit of work ends, which
 * may be long before the transaction it joined commits (a delivery worker records a round of
 * outcomes in one transaction). Another command on the aggregate could then take it and wait in
 * the database (on the event store's unique key) for the first transaction, while holding the JVM
 * lock the first transaction's next command needed: a deadlock neither PostgreSQL nor Axon saw,
 * until Axon gave up a minute later. Here every wait is in PostgreSQL, which finds a deadlock and
 * fails one of the transactions ({@link Transactions#inTransaction} runs it once more), and an
 * aggregate is changed by one transaction at a time, on any node. A command that creates its
 * aggregate under a new identifier ({@link CreatesAggregate}) needs no lock: none is taken for it.
 */
public final class AggregateLocks implements LockFactory {
    private static final Lock HELD_UNTIL_THE_TRANSACTION_ENDS = new Lock() {
        @Override
        public void release() {
            // released by the commit or rollback
        }

        @Override
        public boolean isHeld() {
            return true;
        }
    };

    private final Transactions transactions;

    AggregateLocks(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Lock obtainLock(String aggregateId) {
        if (!creating()) {
            transactions.lockUntilCommit(key(aggregateId));
        }
        return HELD_UNTIL_THE_TRANSACTION_ENDS;
    }

    /**
     * Takes the locks of aggregates the open transaction's commands will change, in the order
     * given, in one statement: their commands then cost no lock statement each.
     */
    public static void lockAll(Transactions transactions, List<String> aggregateIds) {
        transactions.lockUntilCommit(
                aggregateIds.stream().map(AggregateLocks::key).toList());
    }

    private static String key(String aggregateId) {
        return "aggregate\n" + aggregateId;
    }

    /** Whether the command being handled creates its aggregate under a new identifier. */
    private static boolean creating() {
        return CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().getMessage().getPayload() instanceof CreatesAggregate;
    }
}
