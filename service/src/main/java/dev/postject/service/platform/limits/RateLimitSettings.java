package dev.postject.service.platform.limits;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/**
 * {@code rateLimits} in {@code config.yml}: how much of Postject's own mail, and how many new
 * accounts, anyone can cause. Over a limit: 429 with {@code Retry-After}.
 */
public final class RateLimitSettings {
    /** Confirmation mails to one address, whichever account asks (remove and re-add included). */
    @Min(1)
    @JsonProperty
    private int confirmationsPerAddressPerMinute = 1;

    @Min(1)
    @JsonProperty
    private int confirmationsPerAddressPerDay = 5;

    /** Confirmation mails one account sends, to all addresses together. */
    @Min(1)
    @JsonProperty
    private int confirmationsPerAccountPerHour = 10;

    /** Sign-up attempts from one client address (IPv6: one /64). */
    @Min(1)
    @JsonProperty
    private int signupsPerIpPerHour = 10;

    /** Reputation warnings mailed to one account's owner per rolling 24 h (each crossing is recorded regardless). */
    @Min(1)
    @JsonProperty
    private int reputationWarningsPerAccountPerDay = 4;

    public int reputationWarningsPerAccountPerDay() {
        return reputationWarningsPerAccountPerDay;
    }

    public int confirmationsPerAddressPerMinute() {
        return confirmationsPerAddressPerMinute;
    }

    public int confirmationsPerAddressPerDay() {
        return confirmationsPerAddressPerDay;
    }

    public int confirmationsPerAccountPerHour() {
        return confirmationsPerAccountPerHour;
    }

    public int signupsPerIpPerHour() {
        return signupsPerIpPerHour;
    }
}
