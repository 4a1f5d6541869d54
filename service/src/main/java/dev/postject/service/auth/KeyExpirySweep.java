package dev.postject.service.auth;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.ApiKeyId;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.service.account.ExpireKey;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.jobs.Periodic;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.text.Ids;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records {@code ApiKeyExpired} (actor {@code system}) for every key past its expiry. Keys stop
 * working at the instant they expire whether or not this has run; the sweep makes the ledger say
 * why. Several nodes may sweep at once: the aggregate refuses a second expiry of the same key.
 */
public final class KeyExpirySweep implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(KeyExpirySweep.class);
    private static final int BATCH = 100;

    private final ApiKeyQueries keys;
    private final CommandGateway commands;
    private final Clock clock;
    private final Periodic schedule;

    public KeyExpirySweep(ApiKeyQueries keys, CommandGateway commands, Clock clock, Duration interval) {
        this.keys = keys;
        this.commands = commands;
        this.clock = clock;
        this.schedule = new Periodic("postject-key-expiry", interval, this::sweepQuietly);
    }

    /** Expires every due key; returns how many this call recorded. */
    public int sweep() {
        int recorded = 0;
        List<ApiKeyView> due;
        do {
            due = keys.dueForExpiry(clock.instant(), BATCH);
            for (ApiKeyView key : due) {
                try {
                    RequestContext.runAs(
                            Actor.SYSTEM,
                            Ids.newId("sweep_"),
                            () -> commands.sendAndWait(
                                    new ExpireKey(new AccountId(key.accountId()), new ApiKeyId(key.id()))));
                    recorded++;
                } catch (Refusal e) {
                    LOG.debug("Key {} not expired by this sweep: {}", key.id(), e.getMessage());
                }
            }
        } while (due.size() == BATCH && recorded > 0);
        return recorded;
    }

    @Override
    public void start() {
        schedule.start();
    }

    @Override
    public void stop() {
        schedule.stop();
    }

    private void sweepQuietly() {
        try {
            int recorded = sweep();
            if (recorded > 0) {
                LOG.info("Recorded the expiry of {} API key(s)", recorded);
            }
        } catch (RuntimeException e) {
            LOG.warn("API key expiry sweep failed; retrying next round", e);
        }
    }
}
