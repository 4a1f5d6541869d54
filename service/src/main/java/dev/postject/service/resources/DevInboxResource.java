package dev.postject.service.resources;

import dev.postject.service.auth.Caller;
import dev.postject.service.mail.DevSmtpServer;
import dev.postject.service.resources.api.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What the embedded development SMTP server captured of the caller's account's email (its own
 * sends and Postject's mail to it, such as confirmations), newest first. Registered only when no
 * SMTP host is configured; an API key or dashboard token of the account reads it.
 */
@Path("/v1/dev/inbox")
@Produces(MediaType.APPLICATION_JSON)
public final class DevInboxResource {
    private final DevSmtpServer server;

    public record CapturedMessage(String envelopeFrom, String recipient, Instant receivedAt, String raw) {}

    public DevInboxResource(DevSmtpServer server) {
        this.server = server;
    }

    @GET
    public Page<CapturedMessage> inbox(@Auth Caller caller) {
        return Page.of(server.inbox(caller.account().value()).stream()
                .map(m -> new CapturedMessage(
                        m.envelopeFrom(), m.recipient(), m.receivedAt(), new String(m.data(), StandardCharsets.UTF_8)))
                .toList());
    }
}
