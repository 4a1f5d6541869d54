package dev.postject.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.postject.service.delivery.RetryPolicy;
import dev.postject.service.mail.SmtpSettings;
import dev.postject.service.platform.config.HttpUrl;
import dev.postject.service.platform.db.DatabaseConfig;
import dev.postject.service.platform.limits.RateLimitSettings;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** {@code config.yml}; every setting there has a {@code POSTJECT_...} environment override. */
public class PostjectConfiguration extends Configuration {
    @Valid
    @NotNull
    @JsonProperty
    private DatabaseConfig database = new DatabaseConfig();

    /** Holds the embedded PostgreSQL and generated secrets. */
    @NotBlank
    @JsonProperty
    private String dataDir = "./data";

    /** HMAC secret for dashboard tokens, at least 32 characters; empty: generated into the data directory. */
    @JsonProperty
    private String jwtSecret = "";

    @Min(1)
    @Max(24 * 60)
    @JsonProperty
    private int jwtTtlMinutes = 60;

    /** How often keys past their expiry are recorded as expired in the ledger. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration keyExpirySweepInterval = Duration.minutes(1);

    /** Larger request bodies are refused with 413 before they are read. */
    @NotNull
    @JsonProperty
    private DataSize maxRequestBody = DataSize.megabytes(1);

    /**
     * Where Postject is reached from outside; links in emails (sandbox confirmations) start with it.
     * Empty: {@code http://localhost:<the API port bound>}.
     */
    @NotNull
    @HttpUrl
    @JsonProperty
    private String publicUrl = "";

    @Valid
    @NotNull
    @JsonProperty
    private SmtpSettings smtp = new SmtpSettings();

    /** The sender of Postject's own mail. */
    @NotBlank
    @JsonProperty
    private String systemFrom = "Postject <no-reply@postject.local>";

    @Min(1)
    @JsonProperty
    private int sandboxDailyLimit = 200;

    /** What anyone can make Postject mail, and how many accounts they can open. */
    @Valid
    @NotNull
    @JsonProperty
    private RateLimitSettings rateLimits = new RateLimitSettings();

    @Min(1)
    @JsonProperty
    private int retryInitialSeconds = 60;

    @Min(1)
    @JsonProperty
    private int retryMaxSeconds = 3600;

    @Min(1)
    @JsonProperty
    private int retryGiveUpHours = 72;

    /** Larger bodies of {@code POST /v1/emails} and its batch are refused with 413. */
    @NotNull
    @JsonProperty
    private DataSize maxEmailRequestBody = DataSize.megabytes(50);

    /** DNS servers for domain verification and webhook targets, {@code host[:port]}, comma-separated; empty: the system's. */
    @NotNull
    @JsonProperty
    private String dnsServers = "";

    @Min(1)
    @JsonProperty
    private int domainRecheckMinutes = 60;

    /**
     * Local development: serve the records Postject asks domains to publish on this loopback port
     * (0: any free one), and verify domains against it unless DNS servers are configured. Only
     * with the embedded SMTP server, so that a domain verified this way never sends real mail.
     */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private Integer devDnsPort;

    @JsonIgnore
    @ValidationMethod(
            message = "devDnsPort (POSTJECT_DEV_DNS_PORT) works only with the embedded SMTP server: unset"
                    + " POSTJECT_SMTP_HOST, or POSTJECT_DEV_DNS_PORT (every domain verifies against it)")
    public boolean isDevDnsOnlyWithTheEmbeddedSmtpServer() {
        return devDnsPort == null || smtp == null || smtp.embedded();
    }

    /** The development DNS server's port, if one is to run. */
    public java.util.Optional<Integer> devDnsPort() {
        return java.util.Optional.ofNullable(devDnsPort);
    }

    /** What a domain's SPF record should include. */
    @NotBlank
    @JsonProperty
    private String spfInclude = "spf.postject.dev";

    /** Encrypts DKIM private keys at rest; empty: a key is generated once into the data directory. */
    @NotNull
    @JsonProperty
    private String encryptionKey = "";

    /** Lets webhooks go to loopback and private addresses: local development and tests only. */
    @JsonProperty
    private boolean webhooksAllowPrivate = false;

    @Min(1)
    @Max(64)
    @JsonProperty
    private int webhookConcurrency = 4;

    public boolean webhooksAllowPrivate() {
        return webhooksAllowPrivate;
    }

    public int webhookConcurrency() {
        return webhookConcurrency;
    }

    public java.util.List<String> dnsServers() {
        return java.util.Arrays.stream(dnsServers.split(","))
                .map(String::strip)
                .filter(server -> !server.isEmpty())
                .toList();
    }

    public int domainRecheckMinutes() {
        return domainRecheckMinutes;
    }

    public String spfInclude() {
        return spfInclude;
    }

    public String encryptionKey() {
        return encryptionKey;
    }

    public String publicUrl() {
        return publicUrl;
    }

    public SmtpSettings smtp() {
        return smtp;
    }

    public String systemFrom() {
        return systemFrom;
    }

    public int sandboxDailyLimit() {
        return sandboxDailyLimit;
    }

    public RateLimitSettings rateLimits() {
        return rateLimits;
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(
                java.time.Duration.ofSeconds(retryInitialSeconds),
                java.time.Duration.ofSeconds(retryMaxSeconds),
                java.time.Duration.ofHours(retryGiveUpHours));
    }

    public DataSize maxEmailRequestBody() {
        return maxEmailRequestBody;
    }

    public DatabaseConfig database() {
        return database;
    }

    public String dataDir() {
        return dataDir;
    }

    public String jwtSecret() {
        return jwtSecret;
    }

    public int jwtTtlMinutes() {
        return jwtTtlMinutes;
    }

    public Duration keyExpirySweepInterval() {
        return keyExpirySweepInterval;
    }

    public DataSize maxRequestBody() {
        return maxRequestBody;
    }
}
