package dev.postject.service.delivery.transport;

import dev.postject.service.delivery.DeliveryTransport;
import dev.postject.service.mail.SmtpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Relay and capture modes: every message through one SMTP server (the configured relay, or the
 * embedded capture server), one recipient per transaction, each worker over its own connection,
 * reused from message to message.
 */
public final class RelayTransport implements DeliveryTransport {
    private final SmtpClient smtp;
    private final EnvelopeSenders senders;

    public RelayTransport(SmtpClient smtp, EnvelopeSenders senders) {
        this.smtp = smtp;
        this.senders = senders;
    }

    @Override
    public int leaseBatch() {
        return 16;
    }

    @Override
    public Sender sender() {
        SmtpClient.Connection connection = smtp.connection();
        return new Sender() {
            @Override
            public List<Attempt> send(List<Message> messages) {
                List<Attempt> attempts = new ArrayList<>(messages.size());
                for (Message message : messages) {
                    attempts.add(
                            Attempt.replied(connection.send(senders.of(message), message.recipient(), message.mime())));
                }
                return attempts;
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
