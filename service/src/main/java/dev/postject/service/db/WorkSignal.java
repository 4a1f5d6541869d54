package dev.postject.service.db;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the workers of a PostgreSQL-backed queue when this node commits new work; they also look
 * by themselves every so often, for work committed by other nodes or come due.
 */
public final class WorkSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();

    public void wake() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a wake-up or the timeout; false when interrupted (the worker should stop). */
    public boolean await(Duration timeout) {
        lock.lock();
        try {
            work.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
