package dev.postject.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.postject.service.auth.SecuritySettings;
import dev.postject.service.automation.SuppressionSettings;
import dev.postject.service.delivery.DeliverySettings;
import dev.postject.service.domains.DomainSettings;
import dev.postject.service.inbound.InboundSettings;
import dev.postject.service.mail.SmtpSettings;
import dev.postject.service.mail.direct.DirectSettings;
import dev.postject.service.platform.db.DatabaseConfig;
import dev.postject.service.platform.http.HttpSettings;
import dev.postject.service.platform.limits.RateLimitSettings;
import dev.postject.service.platform.net.DnsSettings;
import dev.postject.service.sending.SendingSettings;
import dev.postject.service.submission.SubmissionSettings;
import dev.postject.service.webhooks.WebhookSettings;
import io.dropwizard.core.Configuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * {@code config.yml}, in groups of settings (each group's class says what its settings mean);
 * every setting there has a {@code POSTJECT_...} environment override.
 */
public class PostjectConfiguration extends Configuration {
    /** Holds the embedded PostgreSQL and generated secrets. */
    @NotBlank
    @JsonProperty
    private String dataDir = "./data";

    @Valid
    @NotNull
    @JsonProperty
    private DatabaseConfig database = new DatabaseConfig();

    @Valid
    @NotNull
    @JsonProperty
    private SecuritySettings security = new SecuritySettings();

    @Valid
    @NotNull
    @JsonProperty
    private HttpSettings http = new HttpSettings();

    @Valid
    @NotNull
    @JsonProperty
    private SmtpSettings smtp = new SmtpSettings();

    @Valid
    @NotNull
    @JsonProperty
    private SendingSettings sending = new SendingSettings();

    /** SMTP submission: where applications send mail over SMTP. */
    /** When bounces suppress an address. */
    @Valid
    @NotNull
    @JsonProperty
    private SuppressionSettings suppressions = new SuppressionSettings();

    @Valid
    @NotNull
    @JsonProperty
    private SubmissionSettings submission = new SubmissionSettings();

    @Valid
    @NotNull
    @JsonProperty
    private DeliverySettings delivery = new DeliverySettings();

    /** The inbound SMTP listener: where bounces and complaints to the bounce domain arrive. */
    @Valid
    @NotNull
    @JsonProperty
    private InboundSettings inbound = new InboundSettings();

    /** Direct delivery: how Postject reaches recipients' own mail servers ({@code POSTJECT_DELIVERY=direct}). */
    @Valid
    @NotNull
    @JsonProperty
    private DirectSettings direct = new DirectSettings();

    /** What anyone can make Postject mail, and how many accounts they can open. */
    @Valid
    @NotNull
    @JsonProperty
    private RateLimitSettings rateLimits = new RateLimitSettings();

    @Valid
    @NotNull
    @JsonProperty
    private DnsSettings dns = new DnsSettings();

    @Valid
    @NotNull
    @JsonProperty
    private DomainSettings domains = new DomainSettings();

    @Valid
    @NotNull
    @JsonProperty
    private WebhookSettings webhooks = new WebhookSettings();

    @JsonIgnore
    @ValidationMethod(
            message = "dns.devPort (POSTJECT_DEV_DNS_PORT) works only with the embedded SMTP server: unset"
                    + " POSTJECT_SMTP_HOST (and POSTJECT_DELIVERY), or POSTJECT_DEV_DNS_PORT (every domain"
                    + " verifies against it)")
    public boolean isDevDnsOnlyWithTheEmbeddedSmtpServer() {
        return dns == null
                || dns.devPort().isEmpty()
                || smtp == null
                || (smtp.embedded() && deliveryModeOrNull() == DeliverySettings.Mode.CAPTURE);
    }

    @JsonIgnore
    @ValidationMethod(
            message = "delivery.mode (POSTJECT_DELIVERY) contradicts smtp.host (POSTJECT_SMTP_HOST): relay delivers"
                    + " through the SMTP host, capture and direct take none; unset one of them")
    public boolean isDeliveryModeAgreeingWithTheSmtpHost() {
        if (smtp == null || delivery == null) {
            return true;
        }
        DeliverySettings.Mode mode = deliveryModeOrNull();
        return mode == null || (mode == DeliverySettings.Mode.RELAY) != smtp.embedded();
    }

    /**
     * How mail leaves: {@code POSTJECT_DELIVERY} when set, else relay with an SMTP host configured
     * and capture without.
     */
    public DeliverySettings.Mode deliveryMode() {
        return delivery.mode().orElse(smtp.embedded() ? DeliverySettings.Mode.CAPTURE : DeliverySettings.Mode.RELAY);
    }

    /** The mode, or null while the settings are not yet valid (an unknown mode). */
    private DeliverySettings.Mode deliveryModeOrNull() {
        try {
            return delivery == null || smtp == null ? null : deliveryMode();
        } catch (IllegalArgumentException unknown) {
            return null; // reported by the mode's own pattern
        }
    }

    public String dataDir() {
        return dataDir;
    }

    public DatabaseConfig database() {
        return database;
    }

    public SecuritySettings security() {
        return security;
    }

    public HttpSettings http() {
        return http;
    }

    public SmtpSettings smtp() {
        return smtp;
    }

    public SendingSettings sending() {
        return sending;
    }

    public SuppressionSettings suppressions() {
        return suppressions;
    }

    public SubmissionSettings submission() {
        return submission;
    }

    public DeliverySettings delivery() {
        return delivery;
    }

    public InboundSettings inbound() {
        return inbound;
    }

    public DirectSettings direct() {
        return direct;
    }

    public RateLimitSettings rateLimits() {
        return rateLimits;
    }

    public DnsSettings dns() {
        return dns;
    }

    public DomainSettings domains() {
        return domains;
    }

    public WebhookSettings webhooks() {
        return webhooks;
    }
}
