package dev.postject.service.sending;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code sending} in {@code config.yml}: Postject's own sender, where its users reach support, what a
 * sandbox account may send, and when the reputation guard judges an account's rates.
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

    /**
     * The fewest recent sends (of the last 1,000) over which the reputation guard judges an
     * account's bounce and complaint rates: below it they are too noisy to act on.
     */
    @Min(1)
    @Max(1000)
    @JsonProperty
    private int reputationMinimumSends = 100;

    public int reputationMinimumSends() {
        return reputationMinimumSends;
    }

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
