package dev.postject.service.mail;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The SMTP relay Postject delivers through. No host: an embedded capture server (development). */
public final class SmtpSettings {
    public enum Tls {
        /** Plain SMTP. */
        OFF,
        /** STARTTLS when the server offers it. */
        STARTTLS,
        /** STARTTLS or no delivery. */
        REQUIRED
    }

    @JsonProperty
    private String host = "";

    @JsonProperty
    @Min(0)
    @Max(65535)
    private int port = 25;

    @JsonProperty
    private String username = "";

    @JsonProperty
    private String password = "";

    @NotNull
    @JsonProperty
    private Tls tls = Tls.STARTTLS;

    /** Parallel SMTP connections per node. */
    @JsonProperty
    @Min(1)
    @Max(256)
    private int concurrency = 8;

    public boolean embedded() {
        return host == null || host.isBlank();
    }

    public String host() {
        return host == null ? "" : host;
    }

    public int port() {
        return port;
    }

    /** Empty: no AUTH. (An empty environment override reaches here as null.) */
    public String username() {
        return username == null ? "" : username;
    }

    public String password() {
        return password == null ? "" : password;
    }

    public Tls tls() {
        return tls;
    }

    public int concurrency() {
        return concurrency;
    }

    /** Plain SMTP without AUTH to another server (the embedded one), with the same concurrency. */
    public SmtpSettings at(String newHost, int newPort) {
        SmtpSettings copy = new SmtpSettings();
        copy.host = newHost;
        copy.port = newPort;
        copy.tls = Tls.OFF;
        copy.concurrency = concurrency;
        return copy;
    }
}
