package dev.postject.service.domains;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rechecks the verified domains' DNS records every {@code interval}. */
public final class DomainRecheck implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DomainRecheck.class);

    private final Domains domains;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public DomainRecheck(Domains domains, Duration interval) {
        this.domains = domains;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "postject-domain-recheck");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                this::recheckQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void recheckQuietly() {
        try {
            domains.recheckVerified();
        } catch (RuntimeException e) {
            LOG.warn("Domain recheck failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        executor.shutdownNow();
    }
}
