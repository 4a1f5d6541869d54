package dev.postject.service.platform.jobs;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run on a daemon thread of its own, first one {@code interval} after start, then one
 * {@code interval} after each run ends. A run that throws is logged and the next one comes anyway.
 */
public final class Periodic implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final String threadName;
    private final Duration interval;
    private final Runnable task;
    private ScheduledExecutorService scheduler;

    public Periodic(String threadName, Duration interval, Runnable task) {
        this.threadName = threadName;
        this.interval = interval;
        this.task = task;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void runQuietly() {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed; it runs again in {}", threadName, interval, e);
        }
    }
}
