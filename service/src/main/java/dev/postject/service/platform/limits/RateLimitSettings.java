package dev.postject.service.platform.limits;

import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code rateLimits} in {@code config.yml}: how much of Postject's own mail, and how many new
 * accounts, anyone can cause, and (in {@code sandbox} and {@code production}) how fast each account
 * and credential may send and call the API. Over a limit: 429 with {@code Retry-After}.
 */
public final class RateLimitSettings {
    /** Sends and requests of an account in sandbox mode, and of each of its credentials. */
    @Valid
    @NotNull
    @JsonMerge
    @JsonProperty
    private ApiLimitSettings sandbox = ApiLimitSettings.sandboxDefaults();

    /** Sends and requests of an account approved for production, and of each of its credentials. */
    @Valid
    @NotNull
    @JsonMerge
    @JsonProperty
    private ApiLimitSettings production = ApiLimitSettings.productionDefaults();

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

    public ApiLimitSettings sandbox() {
        return sandbox;
    }

    public ApiLimitSettings production() {
        return production;
    }

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
