package dev.postject.service.mail.server;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Everything an {@link SmtpServer} is told, limits included. Build with {@link #builder(String)};
 * every limit has a default fit for a public listener, so a caller sets what differs.
 *
 * @param hostname the name in the greeting and EHLO reply
 * @param bindAddress the address to listen on (default loopback)
 * @param port the port, 0 for any free one ({@link SmtpServer#port()} tells which)
 * @param mode {@link Mode#STARTTLS}: plaintext, TLS offered when the server has an SSLContext;
 *     {@link Mode#IMPLICIT_TLS}: TLS from the first byte
 * @param maxSessions sessions at once; more get {@code 421 4.7.0} at connect
 * @param maxSessionsPerClient sessions at once from one IP address
 * @param commandTimeout how long a command line may take to arrive, and a TLS handshake or a
 *     blocked write to finish; then {@code 421 4.4.2}
 * @param dataTimeout the longest wait for message content to continue; then {@code 421 4.4.2}
 * @param minDataRate bytes per second a message must average beyond its first {@code dataTimeout}
 *     (0: no minimum)
 * @param maxErrors protocol errors (syntax, sequence, unknown commands, failed AUTH) per session;
 *     then {@code 421 4.7.0}
 * @param maxCommands commands per session; then {@code 421 4.7.0}
 * @param maxMessageSize bytes of message content, advertised in SIZE; over it {@code 552 5.3.4}
 * @param maxRecipients accepted recipients per message; each one more gets {@code 452 4.5.3}
 * @param maxLineLength bytes of a command line, CRLF included (at least 512); longer {@code 500 5.5.2}
 * @param authentication whether AUTH PLAIN and LOGIN are offered at all (where TLS allows)
 * @param plaintextAuthOnLoopback whether AUTH is also offered without TLS to loopback clients
 * @param maxAuthFailures refused AUTH attempts per session; then {@code 421 4.7.0}
 * @param shutdownTimeout how long {@link SmtpServer#stop()} lets transactions under way finish
 */
public record SmtpServerSettings(
        String hostname,
        InetAddress bindAddress,
        int port,
        Mode mode,
        int maxSessions,
        int maxSessionsPerClient,
        Duration commandTimeout,
        Duration dataTimeout,
        long minDataRate,
        int maxErrors,
        int maxCommands,
        long maxMessageSize,
        int maxRecipients,
        int maxLineLength,
        boolean authentication,
        boolean plaintextAuthOnLoopback,
        int maxAuthFailures,
        Duration shutdownTimeout) {

    public enum Mode {
        STARTTLS,
        IMPLICIT_TLS
    }

    public SmtpServerSettings {
        if (hostname == null || hostname.isBlank() || hostname.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new IllegalArgumentException("hostname must be a host name, not '" + hostname + "'");
        }
        if (bindAddress == null || mode == null) {
            throw new IllegalArgumentException("bindAddress and mode are required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        positive("maxSessions", maxSessions);
        positive("maxSessionsPerClient", maxSessionsPerClient);
        positive("maxErrors", maxErrors);
        positive("maxCommands", maxCommands);
        positive("maxRecipients", maxRecipients);
        positive("maxAuthFailures", maxAuthFailures);
        if (maxMessageSize < 1 || maxMessageSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxMessageSize must be 1..2 GiB");
        }
        if (maxLineLength < 512 || maxLineLength > 1 << 20) {
            throw new IllegalArgumentException("maxLineLength must be 512..1 MiB (RFC 5321 needs 512)");
        }
        if (minDataRate < 0) {
            throw new IllegalArgumentException("minDataRate must not be negative");
        }
        millis("commandTimeout", commandTimeout);
        millis("dataTimeout", dataTimeout);
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative");
        }
    }

    public static Builder builder(String hostname) {
        return new Builder(hostname);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    int commandTimeoutMillis() {
        return (int) commandTimeout.toMillis();
    }

    int dataTimeoutMillis() {
        return (int) dataTimeout.toMillis();
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
    }

    private static void millis(String name, Duration d) {
        if (d == null || d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be 1 ms..24 days");
        }
    }

    /** Starts from the defaults (or a copy); {@link #build()} checks the whole. */
    public static final class Builder {
        private String hostname;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private Mode mode = Mode.STARTTLS;
        private int maxSessions = 100;
        private int maxSessionsPerClient = 20;
        private Duration commandTimeout = Duration.ofMinutes(5);
        private Duration dataTimeout = Duration.ofMinutes(5);
        private long minDataRate = 500;
        private int maxErrors = 20;
        private int maxCommands = 10_000;
        private long maxMessageSize = 10L * 1024 * 1024;
        private int maxRecipients = 100;
        private int maxLineLength = 2048;
        private boolean authentication;
        private boolean plaintextAuthOnLoopback;
        private int maxAuthFailures = 3;
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        private Builder(String hostname) {
            this.hostname = hostname;
        }

        private Builder(SmtpServerSettings s) {
            hostname = s.hostname;
            bindAddress = s.bindAddress;
            port = s.port;
            mode = s.mode;
            maxSessions = s.maxSessions;
            maxSessionsPerClient = s.maxSessionsPerClient;
            commandTimeout = s.commandTimeout;
            dataTimeout = s.dataTimeout;
            minDataRate = s.minDataRate;
            maxErrors = s.maxErrors;
            maxCommands = s.maxCommands;
            maxMessageSize = s.maxMessageSize;
            maxRecipients = s.maxRecipients;
            maxLineLength = s.maxLineLength;
            authentication = s.authentication;
            plaintextAuthOnLoopback = s.plaintextAuthOnLoopback;
            maxAuthFailures = s.maxAuthFailures;
            shutdownTimeout = s.shutdownTimeout;
        }

        public Builder hostname(String v) {
            hostname = v;
            return this;
        }

        public Builder bindAddress(InetAddress v) {
            bindAddress = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder mode(Mode v) {
            mode = v;
            return this;
        }

        public Builder maxSessions(int v) {
            maxSessions = v;
            return this;
        }

        public Builder maxSessionsPerClient(int v) {
            maxSessionsPerClient = v;
            return this;
        }

        public Builder commandTimeout(Duration v) {
            commandTimeout = v;
            return this;
        }

        public Builder dataTimeout(Duration v) {
            dataTimeout = v;
            return this;
        }

        public Builder minDataRate(long bytesPerSecond) {
            minDataRate = bytesPerSecond;
            return this;
        }

        public Builder maxErrors(int v) {
            maxErrors = v;
            return this;
        }

        public Builder maxCommands(int v) {
            maxCommands = v;
            return this;
        }

        public Builder maxMessageSize(long bytes) {
            maxMessageSize = bytes;
            return this;
        }

        public Builder maxRecipients(int v) {
            maxRecipients = v;
            return this;
        }

        public Builder maxLineLength(int bytes) {
            maxLineLength = bytes;
            return this;
        }

        public Builder authentication(boolean offered) {
            authentication = offered;
            return this;
        }

        public Builder plaintextAuthOnLoopback(boolean allowed) {
            plaintextAuthOnLoopback = allowed;
            return this;
        }

        public Builder maxAuthFailures(int v) {
            maxAuthFailures = v;
            return this;
        }

        public Builder shutdownTimeout(Duration v) {
            shutdownTimeout = v;
            return this;
        }

        public SmtpServerSettings build() {
            return new SmtpServerSettings(
                    hostname,
                    bindAddress,
                    port,
                    mode,
                    maxSessions,
                    maxSessionsPerClient,
                    commandTimeout,
                    dataTimeout,
                    minDataRate,
                    maxErrors,
                    maxCommands,
                    maxMessageSize,
                    maxRecipients,
                    maxLineLength,
                    authentication,
                    plaintextAuthOnLoopback,
                    maxAuthFailures,
                    shutdownTimeout);
        }
    }
}
