package dev.postject.service.sending;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** {@code sending} in {@code config.yml}: Postject's own sender, and what a sandbox account may send. */
public final class SendingSettings {
    /** The sender of Postject's own mail. */
    @NotBlank
    @JsonProperty
    private String systemFrom = "Postject <no-reply@postject.local>";

    /** Emails per rolling 24 hours for an account in sandbox mode. */
    @Min(1)
    @JsonProperty
    private int sandboxDailyLimit = 200;

    public String systemFrom() {
        return systemFrom;
    }

    public int sandboxDailyLimit() {
        return sandboxDailyLimit;
    }
}
