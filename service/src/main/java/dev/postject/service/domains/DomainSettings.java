package dev.postject.service.domains;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/** {@code domains} in {@code config.yml}: what sending domains publish, and how often it is checked again. */
public final class DomainSettings {
    @Min(1)
    @JsonProperty
    private int recheckMinutes = 60;

    /** What a domain's SPF record should include. */
    @NotBlank
    @JsonProperty
    private String spfInclude = "spf.postject.dev";

    public Duration recheckInterval() {
        return Duration.ofMinutes(recheckMinutes);
    }

    public String spfInclude() {
        return spfInclude;
    }
}
