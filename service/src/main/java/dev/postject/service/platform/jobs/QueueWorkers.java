package dev.postject.service.platform.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker threads of a PostgreSQL-backed queue. A worker that finds nothing to do waits until
 * this node commits new work ({@link #wake()}) or {@code pollEvery} passes (work committed by
 * other nodes, or come due).
 *
 * <p>A wake-up is one piece of new work, so it wakes one worker, not all of them: waking every idle
 * worker for each email made each of them run a lease query, nearly all finding nothing. A wake-up
 * that comes while no worker waits is kept (up to one per worker), so none is lost between a
 * worker's empty lease and its wait.
 *
 * <p>Where a worker's look takes everything due (up to a batch it looks again after), a wake-up
 * that comes while a woken worker has not yet begun to look ({@link #looking()}) is that worker's:
 * it wakes no other, whose look would find nothing left. Commits coming close together are then
 * taken by one look, in one round, instead of a look each and as many empty ones.
 */
public final class QueueWorkers {
    private final String name;
    private final Duration pollEvery;
    private final boolean looksTakeAllDue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    // guarded by lock: workers waiting in idle(), wake-ups handed to them and not yet taken, and
    // wake-ups that came while no worker was free to take them
    private int waiting;
    private int signalled;
    private int pending;
    // guarded by lock, with looksTakeAllDue: workers back from idle() that have not called looking() yet
    private int aboutToLook;

    public QueueWorkers(String name, Duration pollEvery) {
        this(name, pollEvery, false);
    }

    /**
     * @param looksTakeAllDue whether each look of a worker takes all the work due (up to a batch,
     *     after which it looks again at once), so that a wake-up before a woken worker's look is left
     *     to it; such workers call {@link #looking()} as each look begins
     */
    public QueueWorkers(String name, Duration pollEvery, boolean looksTakeAllDue) {
        this.name = name;
        this.pollEvery = pollEvery;
        this.looksTakeAllDue = looksTakeAllDue;
    }

    /** Starts {@code count} threads, each running {@code worker} (a loop while {@link #running()}). */
    public void start(int count, Runnable worker) {
        running = true;
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(worker, name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    public boolean running() {
        return running;
    }

    /** Asks the workers to finish what they hold, and waits for them up to {@code timeout} each. */
    public void stop(Duration timeout) throws InterruptedException {
        running = false;
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread thread : threads) {
            thread.join(timeout.toMillis());
        }
    }

    /** New work was committed: one worker looks for it (at once, or as soon as one is free). */
    public void wake() {
        lock.lock();
        try {
            if (looksTakeAllDue && (signalled > 0 || aboutToLook > 0)) {
                return; // a woken worker's look is yet to begin: it sees this work too
            }
            if (waiting > signalled) {
                signalled++;
                work.signal();
            } else if (pending < Math.max(1, threads.size())) {
                pending++;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A worker's look for work begins: what was committed before this call, it sees. Called, by
     * workers whose looks take all that is due, just before each look.
     */
    public void looking() {
        lock.lock();
        try {
            aboutToLook = Math.max(0, aboutToLook - 1);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a wake-up or the poll interval; an interrupted worker stops. */
    public void idle() {
        lock.lock();
        try {
            if (pending > 0) {
                pending--;
                return;
            }
            waiting++;
            try {
                long nanos = pollEvery.toNanos();
                while (running && signalled == 0 && nanos > 0) {
                    nanos = work.awaitNanos(nanos);
                }
                if (signalled > 0) {
                    signalled--;
                }
            } finally {
                waiting--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            if (looksTakeAllDue) {
                aboutToLook++; // however it returns, a look follows
            }
            lock.unlock();
        }
    }
}
