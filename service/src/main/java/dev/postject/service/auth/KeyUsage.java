package dev.postject.service.auth;

import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.servertokens.ServerTokenQueries;
import dev.postject.service.platform.jobs.Periodic;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each API key and server token was last used. Authentication only notes it in memory; the
 * notes are written in one batch every few seconds, and before any listing of keys or tokens, so
 * the request path (and an SMTP session) never waits for a write.
 */
public final class KeyUsage implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(KeyUsage.class);

    private final ApiKeyQueries keys;
    private final ServerTokenQueries tokens;
    private final ConcurrentHashMap<String, Instant> pendingKeys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> pendingTokens = new ConcurrentHashMap<>();
    private final Periodic flusher = new Periodic("postject-key-usage", Duration.ofSeconds(5), this::flushQuietly);

    public KeyUsage(ApiKeyQueries keys, ServerTokenQueries tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    void used(String keyId, Instant at) {
        pendingKeys.put(keyId, at);
    }

    void serverTokenUsed(String tokenId, Instant at) {
        pendingTokens.put(tokenId, at);
    }

    /** Writes what was noted so far. */
    public synchronized void flush() {
        write(pendingKeys, keys::recordUsage);
        write(pendingTokens, tokens::recordUsage);
    }

    private static void write(ConcurrentHashMap<String, Instant> pending, BiConsumer<List<String>, List<Instant>> out) {
        if (pending.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (Map.Entry<String, Instant> entry : pending.entrySet()) {
            if (pending.remove(entry.getKey(), entry.getValue())) {
                ids.add(entry.getKey());
                times.add(entry.getValue());
            }
        }
        out.accept(ids, times);
    }

    @Override
    public void start() {
        flusher.start();
    }

    @Override
    public void stop() {
        flusher.stop();
        flushQuietly();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not record API key or server token usage: {}", e.getMessage());
        }
    }
}
