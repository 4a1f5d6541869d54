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
 */
public final class QueueWorkers {
    private final String name;
    private final Duration pollEvery;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    // guarded by lock: workers waiting in idle(), wake-ups handed to them and not yet taken, and
    // wake-ups that came while no worker was free to take them
    private int waiting;
    private int signalled;
    private int pending;

    public QueueWorkers(String name, Duration pollEvery) {
        this.name = name;
        this.pollEvery = pollEvery;
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
            lock.unlock();
        }
    }
}
