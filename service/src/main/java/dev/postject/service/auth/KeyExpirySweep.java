package dev.postject.service.auth;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ServerTokenId;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.projections.servertokens.ServerTokenQueries;
import dev.postject.projections.servertokens.ServerTokenView;
import dev.postject.service.account.ExpireKey;
import dev.postject.service.account.ExpireServerToken;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.jobs.Periodic;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.text.Ids;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records {@code ApiKeyExpired} and {@code ServerTokenExpired} (actor {@code system}) for every key
 * and server token past its expiry. They stop working at the instant they expire whether or not
 * this has run; the sweep makes the ledger say why. Several nodes may sweep at once: the aggregate
 * refuses a second expiry of the same key or token.
 */
public final class KeyExpirySweep implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(KeyExpirySweep.class);
    private static final int BATCH = 100;

    private final ApiKeyQueries keys;
    private final ServerTokenQueries tokens;
    private final CommandGateway commands;
    private final Clock clock;
    private final Periodic schedule;

    public KeyExpirySweep(
            ApiKeyQueries keys, ServerTokenQueries tokens, CommandGateway commands, Clock clock, Duration interval) {
        this.keys = keys;
        this.tokens = tokens;
        this.commands = commands;
        this.clock = clock;
        this.schedule = new Periodic("postject-key-expiry", interval, this::sweepQuietly);
    }

    /** Expires every due key and server token; returns how many this call recorded. */
    public int sweep() {
        return sweep(
                        now -> keys.dueForExpiry(now, BATCH),
                        key -> new ExpireKey(new AccountId(key.accountId()), new ApiKeyId(key.id())),
                        ApiKeyView::id)
                + sweep(
                        now -> tokens.dueForExpiry(now, BATCH),
                        token -> new ExpireServerToken(new AccountId(token.accountId()), new ServerTokenId(token.id())),
                        ServerTokenView::id);
    }

    private <V> int sweep(Function<Instant, List<V>> dueAt, Function<V, Object> expire, Function<V, String> id) {
        int recorded = 0;
        List<V> due;
        do {
            int before = recorded;
            due = dueAt.apply(clock.instant());
            for (V credential : due) {
                try {
                    RequestContext.runAs(
                            Actor.SYSTEM, Ids.newId("sweep_"), () -> commands.sendAndWait(expire.apply(credential)));
                    recorded++;
                } catch (Refusal e) {
                    LOG.debug("{} not expired by this sweep: {}", id.apply(credential), e.getMessage());
                }
            }
            if (recorded == before) {
                break;
            }
        } while (due.size() == BATCH);
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
                LOG.info("Recorded the expiry of {} API key(s) and server token(s)", recorded);
            }
        } catch (RuntimeException e) {
            LOG.warn("Key and server token expiry sweep failed; retrying next round", e);
        }
    }
}
