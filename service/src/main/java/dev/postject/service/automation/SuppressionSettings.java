package dev.postject.service.automation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * {@code suppressions} in {@code config.yml}: when soft bounces add up to a suppression. Hard bounces
 * and complaints suppress at once; block bounces never do.
 */
public final class SuppressionSettings {
    /** Soft (and undetermined) bounces of one address within the window that suppress it. */
    @Min(1)
    @JsonProperty
    private int softBounceLimit = 5;

    /** How far back soft bounces count, from the latest one. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration softBounceWindow = Duration.days(7);

    public int softBounceLimit() {
        return softBounceLimit;
    }

    public java.time.Duration softBounceWindow() {
        return java.time.Duration.ofMillis(softBounceWindow.toMilliseconds());
    }
}
