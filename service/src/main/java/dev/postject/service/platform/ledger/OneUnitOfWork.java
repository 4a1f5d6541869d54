package dev.postject.service.platform.ledger;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Commands sent one after another as one unit of work of the ledger: each command's own unit of
 * work is nested in it, so their events are appended together when it commits (one batch of
 * inserts), and each in-transaction processor is handed them together, as one batch. Its commit
 * is still inside the database transaction open on the thread, which the caller commits.
 *
 * <p>A command's in-transaction projections then run only once all the commands have been handled:
 * {@code works} must not read, after a command, what that command's projections write.
 */
public final class OneUnitOfWork {
    private OneUnitOfWork() {}

    /** Runs {@code works} in one unit of work; when it fails, nothing it published stands. */
    public static void run(Runnable works) {
        UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
        try {
            works.run();
        } catch (RuntimeException | Error e) {
            unit.rollback(e);
            throw e;
        }
        unit.commit(); // rolled back and rethrown when a projection or the append fails
    }
}
