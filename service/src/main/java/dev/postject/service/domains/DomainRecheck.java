package dev.postject.service.domains;

import dev.postject.service.platform.jobs.Periodic;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rechecks the verified domains' DNS records every {@code interval}. */
public final class DomainRecheck implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DomainRecheck.class);

    private final Domains domains;
    private final Periodic schedule;

    public DomainRecheck(Domains domains, Duration interval) {
        this.domains = domains;
        this.schedule = new Periodic("postject-domain-recheck", interval, this::recheckQuietly);
    }

    @Override
    public void start() {
        schedule.start();
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
        schedule.stop();
    }
}
