package dev.postject.service.platform.net;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code dns} in {@code config.yml}: whom Postject asks (domain verification, webhook targets). */
public final class DnsSettings {
    /** {@code host[:port]}, comma-separated; empty: the system's resolvers. */
    @NotNull
    @JsonProperty
    private String servers = "";

    /**
     * Local development: serve the records Postject asks domains to publish on this loopback port
     * (0: any free one), and verify domains against it unless servers are configured. Only with
     * the embedded SMTP server, so that a domain verified this way never sends real mail.
     */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private Integer devPort;

    public List<String> servers() {
        return Arrays.stream(servers.split(","))
                .map(String::strip)
                .filter(server -> !server.isEmpty())
                .toList();
    }

    /** The development DNS server's port, if one is to run. */
    public Optional<Integer> devPort() {
        return Optional.ofNullable(devPort);
    }
}
