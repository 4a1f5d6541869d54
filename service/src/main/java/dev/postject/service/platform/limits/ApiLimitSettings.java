package dev.postject.service.platform.limits;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/**
 * {@code rateLimits.sandbox} and {@code rateLimits.production} in {@code config.yml}: per fixed
 * one-minute window, how many emails (each email of a batch, each SMTP message) and how many other
 * authenticated requests an account, and each of its credentials (an API key, a server token, a
 * dashboard user), may make. Shared by every node; over it: 429 with {@code Retry-After} (SMTP:
 * {@code 451 4.7.1}).
 */
public final class ApiLimitSettings {
    @Min(1)
    @JsonProperty
    private int sendsPerAccountPerMinute;

    @Min(1)
    @JsonProperty
    private int sendsPerCredentialPerMinute;

    @Min(1)
    @JsonProperty
    private int requestsPerAccountPerMinute;

    @Min(1)
    @JsonProperty
    private int requestsPerCredentialPerMinute;

    public ApiLimitSettings() {}

    ApiLimitSettings(int sendsPerAccount, int sendsPerCredential, int requestsPerAccount, int requestsPerCredential) {
        this.sendsPerAccountPerMinute = sendsPerAccount;
        this.sendsPerCredentialPerMinute = sendsPerCredential;
        this.requestsPerAccountPerMinute = requestsPerAccount;
        this.requestsPerCredentialPerMinute = requestsPerCredential;
    }

    /** A sandbox account: about SES's sandbox rate (1 email/s), and 2 requests/s per credential like Resend's default. */
    static ApiLimitSettings sandboxDefaults() {
        return new ApiLimitSettings(60, 60, 300, 120);
    }

    /** An approved account: 20 emails/s (10 per credential), 20 requests/s (10 per credential). */
    static ApiLimitSettings productionDefaults() {
        return new ApiLimitSettings(1200, 600, 1200, 600);
    }

    public int sendsPerAccountPerMinute() {
        return sendsPerAccountPerMinute;
    }

    public int sendsPerCredentialPerMinute() {
        return sendsPerCredentialPerMinute;
    }

    public int requestsPerAccountPerMinute() {
        return requestsPerAccountPerMinute;
    }

    public int requestsPerCredentialPerMinute() {
        return requestsPerCredentialPerMinute;
    }
}
