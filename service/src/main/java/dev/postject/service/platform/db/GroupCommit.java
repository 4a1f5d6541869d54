package dev.postject.service.platform.db;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Work of concurrent callers committed together: each caller's work runs in one transaction with
 * that of the others waiting at the same time, and each caller returns only once that transaction
 * has committed. One commit (and one flush to disk) for a group rather than one per caller.
 *
 * <p>No thread of its own: the first caller to find nobody committing leads, running its own work
 * and that of everyone queued behind it at that moment (up to {@link #MAX_GROUP}), and hands the
 * lead to the first caller that came after its group. A caller alone runs at once, as {@link
 * Transactions#inTransaction} would. The work runs on the leader's thread, so it must carry what it
 * reads of its caller's thread (who is acting).
 *
 * <p>When one work of the group fails, nothing of the group stands: that work runs again alone
 * (its caller gets what comes of that) and the others together again, so one caller's failure is
 * never the others'. A work may therefore run more than once, every run but the last rolled back.
 */
public final class GroupCommit {
    /** The most works committed in one transaction (a send of more than one email is not grouped). */
    static final int MAX_GROUP = 64;

    private final Transactions transactions;
    private final Consumer<Runnable> around;
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>(); // guarded by this: the head leads

    public GroupCommit(Transactions transactions) {
        this(transactions, Runnable::run);
    }

    /**
     * @param around runs the works of a group of more than one, inside their transaction (e.g.
     *     as one unit of work of the ledger); a work run alone runs without it
     */
    public GroupCommit(Transactions transactions, Consumer<Runnable> around) {
        this.transactions = transactions;
        this.around = around;
    }

    /** Runs {@code work} in a transaction, possibly with others' work; its result once that has committed. */
    public <T> T inTransaction(Supplier<T> work) {
        if (transactions.isActive()) {
            return transactions.inTransaction(work); // joins the caller's own transaction
        }
        Pending<T> mine = new Pending<>(work);
        boolean leading;
        synchronized (this) {
            queue.addLast(mine);
            leading = queue.size() == 1;
        }
        boolean interrupted = !leading && mine.awaitTurn();
        try {
            if (!mine.done) {
                lead();
            }
            return mine.outcome();
        } finally {
            if (interrupted) { // kept for the caller, not for the group it led
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many callers are in the queue, the leading group's included. */
    synchronized int waiting() {
        return queue.size();
    }

    /** Runs the group at the head of the queue (this thread's work first), then hands the lead on. */
    private void lead() {
        List<Pending<?>> group;
        synchronized (this) {
            group = new ArrayList<>(Math.min(queue.size(), MAX_GROUP));
            for (Pending<?> pending : queue) {
                if (group.size() == MAX_GROUP) {
                    break;
                }
                group.add(pending);
            }
        }
        try {
            run(group);
        } finally {
            Pending<?> next;
            synchronized (this) {
                group.forEach(unused -> queue.removeFirst());
                next = queue.peekFirst();
            }
            group.forEach(Pending::finish);
            if (next != null) {
                next.wake();
            }
        }
    }

    /**
     * The group in one transaction. When a work fails, the transaction is rolled back, that work
     * runs alone (its caller gets its own outcome) and the others run together again; when the
     * commit itself fails, each runs alone.
     */
    private void run(List<Pending<?>> group) {
        List<Pending<?>> together = new ArrayList<>(group);
        while (together.size() > 1) {
            Pending<?>[] running = new Pending<?>[1];
            try {
                transactions.inTransaction(() -> {
                    around.accept(() -> {
                        for (Pending<?> pending : together) {
                            running[0] = pending;
                            pending.runOnce();
                        }
                        running[0] = null;
                    });
                    return null;
                });
                return;
            } catch (Throwable failed) {
                together.forEach(Pending::forget); // rolled back: nothing of the group stands
                if (running[0] == null) {
                    break;
                }
                runAlone(running[0]);
                together.remove(running[0]);
            }
        }
        together.forEach(this::runAlone);
    }

    private void runAlone(Pending<?> pending) {
        try {
            transactions.inTransaction(() -> {
                pending.runOnce();
                return null;
            });
        } catch (Throwable alone) {
            pending.forget();
            pending.failure = alone;
        }
    }

    /** One caller's work, and what became of it. */
    private static final class Pending<T> {
        final Supplier<T> work;
        final Thread caller = Thread.currentThread();
        volatile boolean done;
        volatile boolean turn;
        private T result;
        Throwable failure;

        Pending(Supplier<T> work) {
            this.work = work;
        }

        void runOnce() {
            result = work.get();
        }

        void forget() {
            result = null;
        }

        /** Done: its caller (if it is not the leader) returns. */
        void finish() {
            done = true;
            LockSupport.unpark(caller);
        }

        /** Its caller leads next. */
        void wake() {
            turn = true;
            LockSupport.unpark(caller);
        }

        /** Waits until done or leading; whether the caller was interrupted meanwhile. */
        boolean awaitTurn() {
            boolean interrupted = false;
            while (!done && !turn) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            return interrupted;
        }

        T outcome() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return result;
        }
    }
}
