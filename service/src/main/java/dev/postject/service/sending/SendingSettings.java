package dev.postject.service.sending;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code sending} in {@code config.yml}: Postject's own sender, where its users reach support, and
 * what a sandbox account may send.
 */
public final class SendingSettings {
    /** The sender of Postject's own mail. */
    @NotBlank
    @JsonProperty
    private String systemFrom = "Postject <no-reply@postject.local>";

    /** Where an account's owner reaches the operators (named, e.g., when sending is paused). */
    @NotBlank
    @JsonProperty
    private String supportContact = "support@postject.local";

    /** Emails per rolling 24 hours for an account in sandbox mode. */
    @Min(1)
    @JsonProperty
    private int sandboxDailyLimit = 200;

    public String systemFrom() {
        return systemFrom;
    }

    public String supportContact() {
        return supportContact;
    }

    public int sandboxDailyLimit() {
        return sandboxDailyLimit;
    }
}
