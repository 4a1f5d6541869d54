package dev.postject.service.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code delivery} in {@code config.yml}: how mail leaves Postject (the mode, the bounce domain of
 * its Return-Paths), how deferred deliveries are retried, and for how long.
 */
public final class DeliverySettings {
    /** How mail leaves Postject ({@code POSTJECT_DELIVERY}). */
    public enum Mode {
        /** To the embedded capture server, shown at {@code GET /v1/dev/inbox}: the default. */
        CAPTURE,
        /** Through the configured SMTP relay ({@code POSTJECT_SMTP_HOST}). */
        RELAY,
        /** Straight to each recipient domain's mail servers (the {@code direct} settings). */
        DIRECT
    }

    /** {@code capture}, {@code relay} or {@code direct}; empty: relay with an SMTP host, else capture. */
    @NotNull
    @Pattern(regexp = "(?i)|capture|relay|direct", message = "is capture, relay or direct (POSTJECT_DELIVERY)")
    @JsonProperty
    private String mode = "";

    /**
     * The domain of VERP Return-Paths ({@code POSTJECT_BOUNCE_DOMAIN}), {@code bounces+<token>@} it,
     * in relay and direct modes; its MX records lead bounces back to Postject. Empty: each email's
     * own envelope sender.
     */
    @NotNull
    @Pattern(
            regexp = "|([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?",
            message = "must be a domain name (POSTJECT_BOUNCE_DOMAIN)")
    @JsonProperty
    private String bounceDomain = "";

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

    /** The mode as configured, if it is (else it follows from the SMTP host). */
    public Optional<Mode> mode() {
        return mode == null || mode.isBlank()
                ? Optional.empty()
                : Optional.of(Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT)));
    }

    /** The bounce domain, if VERP Return-Paths are on. */
    public Optional<String> bounceDomain() {
        return bounceDomain == null || bounceDomain.isBlank() ? Optional.empty() : Optional.of(bounceDomain.strip());
    }
}
