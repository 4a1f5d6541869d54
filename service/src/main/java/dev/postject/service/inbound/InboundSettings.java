package dev.postject.service.inbound;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.postject.service.platform.net.BindAddresses;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * {@code inbound} in {@code config.yml}: the SMTP listener that receives bounces and complaints
 * at the bounce domain ({@code delivery.bounceDomain}), and the limits that keep it alive. It runs
 * only when a bounce domain is configured.
 */
public final class InboundSettings {
    /** Whether this node listens for bounces and complaints (when a bounce domain is configured). */
    @JsonProperty
    private boolean enabled = true;

    /** The address to listen on; empty: every interface. */
    @JsonProperty
    private String bind = "";

    /** The port (25, where the bounce domain's MX records point, in production); 0: any free one. */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int port = 2525;

    /** Larger messages are refused ({@code 552 5.3.4}): a report with the returned message fits well within. */
    @NotNull
    @MinDataSize(value = 64, unit = DataSizeUnit.KIBIBYTES)
    @MaxDataSize(value = 100, unit = DataSizeUnit.MEBIBYTES)
    @JsonProperty
    private DataSize maxMessageSize = DataSize.mebibytes(10);

    /** Connections at once, on this node. */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int maxConnections = 100;

    /** Connections at once from one client address. */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int maxConnectionsPerIp = 20;

    /** How long a command may take to arrive. */
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

    /** Protocol errors (bad commands, commands out of order) a session may make before it is closed. */
    @Min(1)
    @Max(1000)
    @JsonProperty
    private int maxErrors = 20;

    @JsonIgnore
    @ValidationMethod(
            message = "inbound.bind (POSTJECT_INBOUND_BIND) must be an IP address, or empty for every interface")
    public boolean isBindAnAddress() {
        try {
            bindAddress();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public InetAddress bindAddress() {
        return BindAddresses.parse(bind);
    }

    public int port() {
        return port;
    }

    public long maxMessageSize() {
        return maxMessageSize.toBytes();
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
