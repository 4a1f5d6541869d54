package dev.postject.service.mail.direct;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * How Postject delivers straight to recipients' mail servers: which addresses it tries, in what
 * order, on which port, and how long it waits. Every limit has a default fit for the public
 * internet; the setters exist for tests and for the wiring. The environment variable of each
 * setting is named on its field (they take effect once the wiring puts them in {@code config.yml}).
 */
public final class DirectSettings {
    /** Which address family of a mail server is tried first, or only. */
    public enum AddressPreference {
        /** IPv4 addresses, then IPv6: the safe choice on hosts whose IPv6 egress is missing or broken. */
        IPV4_FIRST,
        IPV6_FIRST,
        /** IPv4 only: AAAA records are not even asked for. */
        IPV4_ONLY,
        IPV6_ONLY
    }

    /** The port mail servers listen on ({@code POSTJECT_MX_PORT}); 25 but in tests. */
    @Min(1)
    @Max(65535)
    @JsonProperty
    private int port = 25;

    /**
     * The name Postject gives in EHLO ({@code POSTJECT_HELO_NAME}): a fully qualified host name
     * that its PTR record names too; empty: this host's canonical name.
     */
    @NotNull
    @Pattern(
            regexp = "|([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?",
            message = "must be a fully qualified host name (POSTJECT_HELO_NAME)")
    @JsonProperty
    private String heloName = "";

    /** {@code POSTJECT_MX_ADDRESS_PREFERENCE}: {@code IPV4_FIRST}, {@code IPV6_FIRST}, {@code IPV4_ONLY}, {@code IPV6_ONLY}. */
    @NotNull
    @JsonProperty
    private AddressPreference addressPreference = AddressPreference.IPV4_FIRST;

    /** MX records considered per domain, best first; the rest are ignored ({@code POSTJECT_MX_MAX_HOSTS}). */
    @Min(1)
    @Max(100)
    @JsonProperty
    private int maxMxHosts = 10;

    /** Addresses tried per mail server, in the preferred order ({@code POSTJECT_MX_MAX_ADDRESSES_PER_HOST}). */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int maxAddressesPerHost = 5;

    /**
     * Whether mail servers and MTA-STS hosts may be at private, loopback or this host's own
     * addresses ({@code POSTJECT_MX_ALLOW_PRIVATE}): local development and tests only, or any
     * domain's owner could aim Postject at them.
     */
    @JsonProperty
    private boolean allowPrivate = false;

    /** How long a TCP connection to a mail server may take ({@code POSTJECT_MX_CONNECT_TIMEOUT_SECONDS}). */
    @Min(1)
    @Max(300)
    @JsonProperty
    private int connectTimeoutSeconds = 30;

    /**
     * How long a reply may take ({@code POSTJECT_MX_COMMAND_TIMEOUT_SECONDS}; RFC 5321 4.5.3.2 asks
     * for 5 minutes for most, and the end of DATA gets twice this).
     */
    @Min(1)
    @Max(3600)
    @JsonProperty
    private int commandTimeoutSeconds = 300;

    /** The whole HTTPS fetch of an MTA-STS policy, connection included ({@code POSTJECT_MTA_STS_TIMEOUT_SECONDS}). */
    @Min(1)
    @Max(120)
    @JsonProperty
    private int mtaStsTimeoutSeconds = 10;

    /** The port {@code https://mta-sts.<domain>/} is fetched from ({@code POSTJECT_MTA_STS_PORT}): 443 but in tests. */
    @Min(1)
    @Max(65535)
    @JsonProperty
    private int mtaStsPort = 443;

    /** Domains whose MTA-STS policy is kept in memory, least recently used forgotten first ({@code POSTJECT_MTA_STS_CACHE_SIZE}). */
    @Min(1)
    @JsonProperty
    private int mtaStsCacheSize = 10_000;

    /**
     * Sessions open at once to one mail server ({@code POSTJECT_MX_CONNECTIONS_PER_HOST}): more
     * senders wait for one of them, as large receivers limit concurrent connections per client.
     */
    @Min(1)
    @Max(1000)
    @JsonProperty
    private int connectionsPerHost = 10;

    /**
     * Deliveries a node makes at once in direct mode ({@code POSTJECT_MX_CONCURRENCY}): its
     * delivery workers. One destination gets at most {@link #perDestination()} of them, so a
     * destination that hangs leaves the rest to the others.
     */
    @Min(2)
    @Max(1000)
    @JsonProperty
    private int concurrency = 32;

    /** Messages sent over one session before it is closed ({@code POSTJECT_MX_MESSAGES_PER_CONNECTION}). */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int messagesPerConnection = 100;

    /** How long an unused session is kept open for the next message ({@code POSTJECT_MX_IDLE_SECONDS}). */
    @Min(1)
    @Max(300)
    @JsonProperty
    private int idleSeconds = 5;

    /**
     * How long a destination that timed out or answered 421 is left alone at first
     * ({@code POSTJECT_MX_BACKOFF_SECONDS}); doubled at each further failure in a row, up to
     * {@code backoffMaxSeconds}.
     */
    @Min(1)
    @Max(86_400)
    @JsonProperty
    private int backoffSeconds = 60;

    /** The longest a destination is backed off ({@code POSTJECT_MX_BACKOFF_MAX_SECONDS}). */
    @Min(1)
    @Max(86_400)
    @JsonProperty
    private int backoffMaxSeconds = 3600;

    @JsonIgnore
    @ValidationMethod(message = "backoffMaxSeconds (POSTJECT_MX_BACKOFF_MAX_SECONDS) is at least backoffSeconds")
    public boolean isBackoffCapAboveTheFirstBackoff() {
        return backoffMaxSeconds >= backoffSeconds;
    }

    public int port() {
        return port;
    }

    public String heloName() {
        return heloName == null ? "" : heloName;
    }

    public AddressPreference addressPreference() {
        return addressPreference;
    }

    public int maxMxHosts() {
        return maxMxHosts;
    }

    public int maxAddressesPerHost() {
        return maxAddressesPerHost;
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    public Duration connectTimeout() {
        return Duration.ofSeconds(connectTimeoutSeconds);
    }

    public Duration commandTimeout() {
        return Duration.ofSeconds(commandTimeoutSeconds);
    }

    public Duration mtaStsTimeout() {
        return Duration.ofSeconds(mtaStsTimeoutSeconds);
    }

    public int mtaStsPort() {
        return mtaStsPort;
    }

    public int mtaStsCacheSize() {
        return mtaStsCacheSize;
    }

    public int connectionsPerHost() {
        return connectionsPerHost;
    }

    public int concurrency() {
        return concurrency;
    }

    /**
     * How many of a node's workers may be sending to one destination (domain) at a time: as many
     * as there are sessions to one of its mail servers, and never more than half the workers.
     */
    public int perDestination() {
        return Math.max(1, Math.min(connectionsPerHost, concurrency / 2));
    }

    public DirectSettings concurrency(int value) {
        concurrency = value;
        return this;
    }

    public int messagesPerConnection() {
        return messagesPerConnection;
    }

    public Duration idleTimeout() {
        return Duration.ofSeconds(idleSeconds);
    }

    public Duration backoff() {
        return Duration.ofSeconds(backoffSeconds);
    }

    public Duration backoffMax() {
        return Duration.ofSeconds(backoffMaxSeconds);
    }

    public DirectSettings connectionsPerHost(int value) {
        connectionsPerHost = value;
        return this;
    }

    public DirectSettings messagesPerConnection(int value) {
        messagesPerConnection = value;
        return this;
    }

    public DirectSettings idleSeconds(int value) {
        idleSeconds = value;
        return this;
    }

    public DirectSettings backoffSeconds(int value) {
        backoffSeconds = value;
        return this;
    }

    public DirectSettings backoffMaxSeconds(int value) {
        backoffMaxSeconds = value;
        return this;
    }

    public DirectSettings port(int value) {
        port = value;
        return this;
    }

    public DirectSettings heloName(String value) {
        heloName = value;
        return this;
    }

    public DirectSettings addressPreference(AddressPreference value) {
        addressPreference = value;
        return this;
    }

    public DirectSettings maxMxHosts(int value) {
        maxMxHosts = value;
        return this;
    }

    public DirectSettings maxAddressesPerHost(int value) {
        maxAddressesPerHost = value;
        return this;
    }

    public DirectSettings allowPrivate(boolean value) {
        allowPrivate = value;
        return this;
    }

    public DirectSettings commandTimeoutSeconds(int value) {
        commandTimeoutSeconds = value;
        return this;
    }

    public DirectSettings mtaStsTimeoutSeconds(int value) {
        mtaStsTimeoutSeconds = value;
        return this;
    }

    public DirectSettings mtaStsPort(int value) {
        mtaStsPort = value;
        return this;
    }

    public DirectSettings mtaStsCacheSize(int value) {
        mtaStsCacheSize = value;
        return this;
    }

    public DirectSettings connectTimeoutSeconds(int value) {
        connectTimeoutSeconds = value;
        return this;
    }
}
