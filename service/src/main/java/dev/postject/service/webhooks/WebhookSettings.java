package dev.postject.service.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** {@code webhooks} in {@code config.yml}. */
public final class WebhookSettings {
    /** Lets webhooks go to loopback and private addresses: local development and tests only. */
    @JsonProperty
    private boolean allowPrivate = false;

    /** Requests in flight per node. */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int concurrency = 4;

    public boolean allowPrivate() {
        return allowPrivate;
    }

    public int concurrency() {
        return concurrency;
    }
}
