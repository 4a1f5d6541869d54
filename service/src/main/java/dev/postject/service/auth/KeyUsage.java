package dev.postject.service.auth;

import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.service.platform.jobs.Periodic;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each API key was last used. Authentication only notes it in memory; the notes are written
 * in one batch every few seconds, and before any listing of keys, so the request path never
 * waits for a write.
 */
public final class KeyUsage implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(KeyUsage.class);

    private final ApiKeyQueries keys;
    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();
    private final Periodic flusher = new Periodic("postject-key-usage", Duration.ofSeconds(5), this::flushQuietly);

    public KeyUsage(ApiKeyQueries keys) {
        this.keys = keys;
    }

    void used(String keyId, Instant at) {
        pending.put(keyId, at);
    }

    /** Writes what was noted so far. */
    public synchronized void flush() {
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
        keys.recordUsage(ids, times);
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
            LOG.warn("Could not record API key usage: {}", e.getMessage());
        }
    }
}
