package dev.postject.service.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** {@code security} in {@code config.yml}: the service's secrets, and how long credentials last. */
public final class SecuritySettings {
    /** HMAC secret for dashboard tokens, at least 32 characters; empty: generated into the data directory. */
    @JsonProperty
    private String jwtSecret = "";

    @Min(1)
    @Max(24 * 60)
    @JsonProperty
    private int jwtTtlMinutes = 60;

    /**
     * Encrypts DKIM private keys and webhook secrets at rest, and keys tracking tokens; empty: a
     * key is generated once into the data directory.
     */
    @NotNull
    @JsonProperty
    private String encryptionKey = "";

    /** How often keys past their expiry are recorded as expired in the ledger. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration keyExpirySweepInterval = Duration.minutes(1);

    public String jwtSecret() {
        return jwtSecret;
    }

    public java.time.Duration jwtTtl() {
        return java.time.Duration.ofMinutes(jwtTtlMinutes);
    }

    public String encryptionKey() {
        return encryptionKey;
    }

    public java.time.Duration keyExpirySweepInterval() {
        return java.time.Duration.ofMillis(keyExpirySweepInterval.toMilliseconds());
    }
}
