package dev.postject.service.platform.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker threads of a PostgreSQL-backed queue. A worker that finds nothing to do waits until
 * this node commits new work ({@link #wake()}) or {@code pollEvery} passes (work committed by
 * other nodes, or come due).
 */
public final class QueueWorkers {
    private final String name;
    private final Duration pollEvery;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

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
        wake();
        for (Thread thread : threads) {
            thread.join(timeout.toMillis());
        }
    }

    public void wake() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a wake-up or the poll interval; an interrupted worker stops. */
    public void idle() {
        lock.lock();
        try {
            if (running) {
                work.await(pollEvery.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
