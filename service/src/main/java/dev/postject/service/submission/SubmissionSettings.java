package dev.postject.service.submission;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code submission} in {@code config.yml}: SMTP submission, where applications send mail with a
 * server token or an API key as the password. The ports are the listener's; the host is what
 * Postject tells users to connect to (in the answer that creates a server token, and the dashboard).
 */
public final class SubmissionSettings {
    /** The host name SMTP clients connect to; empty: the host of the public URL. */
    @NotNull
    @Pattern(
            regexp = "|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]+",
            message = "must be a host name")
    @JsonProperty
    private String host = "";

    /** SMTP submission with STARTTLS (587 is the standard port; 0: any free port). */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int port = 2587;

    /** SMTP submission over implicit TLS (465 is the standard port; 0: any free port). */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int tlsPort = 2465;

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** Where clients connect: the configured host, or else {@code publicHost} (the public URL's). */
    public SubmissionEndpoint endpoint(String publicHost) {
        return new SubmissionEndpoint(host.isEmpty() ? publicHost : host, port, tlsPort);
    }
}
