package dev.postject.service.platform.jobs;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueWorkersTest {
    /** Longer than any test here: a worker that looks again did so because it was woken. */
    private static final Duration POLL = Duration.ofMinutes(5);

    private final QueueWorkers workers = new QueueWorkers("test-worker", POLL);

    @AfterEach
    void stop() throws InterruptedException {
        workers.stop(Duration.ofSeconds(5));
    }

    /** Each worker looks for work (counted), and waits when it found none. */
    private AtomicInteger startIdleWorkers(int count, AtomicInteger waiting) {
        AtomicInteger looks = new AtomicInteger();
        workers.start(count, () -> {
            while (workers.running()) {
                looks.incrementAndGet();
                waiting.incrementAndGet();
                workers.idle();
                waiting.decrementAndGet();
            }
        });
        return looks;
    }

    @Test
    void oneWakeUp_makesOneWorkerLook_notEveryWorker() {
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger looks = startIdleWorkers(8, waiting);
        await().until(() -> waiting.get() == 8);
        int before = looks.get();

        workers.wake();

        await().until(() -> looks.get() == before + 1 && waiting.get() == 8);
        await().during(Duration.ofMillis(300)).until(() -> looks.get() == before + 1);
    }

    @Test
    void aWakeUpWhileNoWorkerWaits_isKept_forTheNextWorkerThatWouldWait() {
        workers.wake(); // before any worker runs: none waits yet
        AtomicInteger looks = new AtomicInteger();
        AtomicInteger waited = new AtomicInteger();
        workers.start(1, () -> {
            while (workers.running() && looks.incrementAndGet() <= 2) {
                workers.idle(); // the first returns at once: the wake-up was kept
                waited.incrementAndGet();
            }
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> waited.get() == 1 && looks.get() == 2);
        await().during(Duration.ofMillis(300)).until(() -> waited.get() == 1);
    }

    @Test
    void severalWakeUps_makeAsManyWorkersLook() {
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger looks = startIdleWorkers(8, waiting);
        await().until(() -> waiting.get() == 8);
        int before = looks.get();

        workers.wake();
        workers.wake();
        workers.wake();

        await().until(() -> looks.get() == before + 3 && waiting.get() == 8);
        await().during(Duration.ofMillis(300)).until(() -> looks.get() == before + 3);
    }

    @Test
    void whereALookTakesAllDue_wakeUpsBeforeAWokenWorkerLooks_areItsOwn_oneAfterItLooked_wakesAnother()
            throws InterruptedException {
        QueueWorkers batching = new QueueWorkers("test-batching", POLL, true);
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger looks = new AtomicInteger();
        Semaphore mayLook = new Semaphore(0);
        batching.start(4, () -> {
            while (batching.running()) {
                waiting.incrementAndGet();
                batching.idle();
                waiting.decrementAndGet();
                mayLook.acquireUninterruptibly();
                batching.looking();
                looks.incrementAndGet();
            }
        });
        try {
            await().until(() -> waiting.get() == 4);

            batching.wake();
            batching.wake();
            batching.wake();

            await().until(() -> waiting.get() == 3);
            await().during(Duration.ofMillis(300)).until(() -> waiting.get() == 3);
            mayLook.release();
            await().until(() -> looks.get() == 1 && waiting.get() == 4);

            batching.wake(); // after that look began: it may not have seen this work
            await().until(() -> waiting.get() == 3);
            mayLook.release();
            await().until(() -> looks.get() == 2 && waiting.get() == 4);
            await().during(Duration.ofMillis(300)).until(() -> looks.get() == 2);
        } finally {
            mayLook.release(100);
            batching.stop(Duration.ofSeconds(5));
        }
    }
}
