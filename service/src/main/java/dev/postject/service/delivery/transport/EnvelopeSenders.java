package dev.postject.service.delivery.transport;

import dev.postject.service.delivery.DeliveryTransport.Message;
import dev.postject.service.mail.returnpath.ReturnPaths;
import java.util.Optional;

/**
 * The {@code MAIL FROM} of each message: the email's own envelope sender, or with a bounce domain
 * configured ({@code POSTJECT_BOUNCE_DOMAIN}) a VERP Return-Path naming the email and the recipient,
 * so a bounce, however late and whoever writes it, is tied to its recipient. The message bytes are
 * the same either way.
 */
public final class EnvelopeSenders {
    private final ReturnPaths returnPaths;

    private EnvelopeSenders(ReturnPaths returnPaths) {
        this.returnPaths = returnPaths;
    }

    /** Each email's own envelope sender. */
    public static EnvelopeSenders own() {
        return new EnvelopeSenders(null);
    }

    /** VERP Return-Paths of {@code returnPaths}. */
    public static EnvelopeSenders verp(ReturnPaths returnPaths) {
        return new EnvelopeSenders(returnPaths);
    }

    /** VERP when a bounce domain is given, else each email's own sender. */
    public static EnvelopeSenders of(Optional<String> bounceDomain, byte[] key) {
        return bounceDomain.map(domain -> verp(new ReturnPaths(key, domain))).orElseGet(EnvelopeSenders::own);
    }

    /** Whether each recipient gets a {@code MAIL FROM} of its own (so a transaction of its own). */
    public boolean perRecipient() {
        return returnPaths != null;
    }

    public String of(Message message) {
        return returnPaths == null
                ? message.envelopeFrom()
                : returnPaths.address(message.emailId(), message.recipient());
    }
}
