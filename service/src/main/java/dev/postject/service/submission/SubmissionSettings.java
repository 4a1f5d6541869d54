package dev.postject.service.submission;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.postject.service.platform.net.BindAddresses;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code submission} in {@code config.yml}: the SMTP submission listeners (one port with STARTTLS,
 * one with implicit TLS), their certificate, and the limits that keep a node alive.
 */
public final class SubmissionSettings {
    /** Whether this node listens for SMTP submissions at all. */
    @JsonProperty
    private boolean enabled = true;

    /**
     * The host name SMTP clients connect to (in the greeting, the self-signed certificate's subject,
     * and the answer that creates a server token); empty: the host of the public URL.
     */
    @NotNull
    @Pattern(
            regexp = "|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]+",
            message = "must be a host name")
    @JsonProperty
    private String host = "";

    /** The address to listen on; empty: every interface. */
    @JsonProperty
    private String bind = "";

    /** The port that offers STARTTLS (587 by convention); 0: any free one. */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int port = 2587;

    /** The implicit-TLS port (465 by convention); 0: any free one. */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int tlsPort = 2465;

    /** PEM certificate chain and private key; both empty: a self-signed certificate made once into the data directory. */
    @JsonProperty
    private String tlsCertificate = "";

    @JsonProperty
    private String tlsKey = "";

    /** Connections at once to both listeners together, on this node. */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int maxConnections = 100;

    /** Connections at once from one client address. */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int maxConnectionsPerIp = 20;

    /** How long a command may take to arrive (and a TLS handshake to finish). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty
    private Duration commandTimeout = Duration.minutes(5);

    /** The longest wait for a message's content to continue. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty
    private Duration dataTimeout = Duration.minutes(5);

    /** Protocol errors (failed AUTH among them) a session may make before it is closed. */
    @Min(1)
    @Max(1000)
    @JsonProperty
    private int maxErrors = 20;

    @JsonIgnore
    @ValidationMethod(
            message = "submission.bind (POSTJECT_SUBMISSION_BIND) must be an IP address, or empty for every interface")
    public boolean isBindAnAddress() {
        try {
            bindAddress();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @JsonIgnore
    @ValidationMethod(
            message = "submission.tlsCertificate and submission.tlsKey (POSTJECT_TLS_CERT, POSTJECT_TLS_KEY) go"
                    + " together: set both, or neither for a self-signed certificate")
    public boolean isTlsCertificateWithItsKey() {
        return certificateFile() == null == (keyFile() == null);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Where clients connect: the configured host, or else {@code publicHost} (the public URL's). */
    public SubmissionEndpoint endpoint(String publicHost) {
        return new SubmissionEndpoint(host.isEmpty() ? publicHost : host, port, tlsPort);
    }

    /** The address to bind: the one configured, or the wildcard (every interface). */
    public InetAddress bindAddress() {
        return BindAddresses.parse(bind);
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    public Path certificateFile() {
        return tlsCertificate == null || tlsCertificate.isBlank() ? null : Path.of(tlsCertificate);
    }

    public Path keyFile() {
        return tlsKey == null || tlsKey.isBlank() ? null : Path.of(tlsKey);
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    public java.time.Duration commandTimeout() {
        return java.time.Duration.ofMillis(commandTimeout.toMilliseconds());
    }

    public java.time.Duration dataTimeout() {
        return java.time.Duration.ofMillis(dataTimeout.toMilliseconds());
    }

    public int maxErrors() {
        return maxErrors;
    }
}
