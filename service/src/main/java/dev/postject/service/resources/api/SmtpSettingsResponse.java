package dev.postject.service.resources.api;

import java.util.List;

/**
 * The SMTP settings to copy into an application: where to connect, and that the password is the
 * server token (any user name works; Postject reads only the password).
 */
public record SmtpSettingsResponse(String host, Ports ports, String username, String password, List<String> tls) {
    public static final String USERNAME = "postject";

    public record Ports(int starttls, int tls) {}

    public static SmtpSettingsResponse of(String host, int starttlsPort, int tlsPort, String password) {
        return new SmtpSettingsResponse(
                host,
                new Ports(starttlsPort, tlsPort),
                USERNAME,
                password,
                List.of("STARTTLS on " + starttlsPort, "implicit TLS on " + tlsPort));
    }
}
