package dev.postject.service.mail.direct;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How Postject delivers straight to recipients' mail servers: which addresses it tries, in what
 * order, on which port, and how long it waits. Every limit has a default fit for the public
 * internet; the setters exist for tests and for the wiring.
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

    /** The name Postject gives in EHLO ({@code POSTJECT_HELO_NAME}): its PTR record should name it too. */
    @NotNull
    @JsonProperty
    private String heloName = "";

    @NotNull
    @JsonProperty
    private AddressPreference addressPreference = AddressPreference.IPV4_FIRST;

    /** MX records considered per domain, best first; the rest are ignored. */
    @Min(1)
    @Max(100)
    @JsonProperty
    private int maxMxHosts = 10;

    /** Addresses tried per mail server, in the preferred order; the rest are ignored. */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int maxAddressesPerHost = 5;

    /**
     * Whether mail servers and MTA-STS hosts may be at private, loopback or this host's own
     * addresses: local development and tests only, or any domain's owner could aim Postject at them.
     */
    @JsonProperty
    private boolean allowPrivate = false;

    @Min(1)
    @Max(300)
    @JsonProperty
    private int connectTimeoutSeconds = 30;

    /** How long a reply may take (RFC 5321 4.5.3.2 asks for at least 5 minutes for most). */
    @Min(1)
    @Max(3600)
    @JsonProperty
    private int commandTimeoutSeconds = 300;

    /** The whole HTTPS fetch of an MTA-STS policy, connection included. */
    @Min(1)
    @Max(120)
    @JsonProperty
    private int mtaStsTimeoutSeconds = 10;

    /** The port {@code https://mta-sts.<domain>/} is fetched from: 443 but in tests. */
    @Min(1)
    @Max(65535)
    @JsonProperty
    private int mtaStsPort = 443;

    /** Domains whose MTA-STS policy is kept in memory (least recently used forgotten first). */
    @Min(1)
    @JsonProperty
    private int mtaStsCacheSize = 10_000;

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
