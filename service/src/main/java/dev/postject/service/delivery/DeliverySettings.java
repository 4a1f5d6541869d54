package dev.postject.service.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** {@code delivery} in {@code config.yml}: how deferred deliveries are retried, and for how long. */
public final class DeliverySettings {
    @Min(1)
    @JsonProperty
    private int retryInitialSeconds = 60;

    @Min(1)
    @JsonProperty
    private int retryMaxSeconds = 3600;

    @Min(1)
    @JsonProperty
    private int retryGiveUpHours = 72;

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(
                Duration.ofSeconds(retryInitialSeconds),
                Duration.ofSeconds(retryMaxSeconds),
                Duration.ofHours(retryGiveUpHours));
    }
}
