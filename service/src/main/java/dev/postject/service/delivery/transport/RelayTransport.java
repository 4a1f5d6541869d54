package dev.postject.service.delivery.transport;

import dev.postject.service.delivery.DeliveryTransport;
import dev.postject.service.mail.direct.Envelope;
import dev.postject.service.mail.relay.RelayClient;
import java.util.List;

/**
 * Relay and capture modes: every message through one SMTP server (the configured relay, or the
 * embedded capture server), one recipient per transaction, each worker over its own connection,
 * reused from message to message; a lease's messages go as one pipelined exchange when the server
 * offers PIPELINING.
 */
public final class RelayTransport implements DeliveryTransport {
    private final RelayClient smtp;
    private final EnvelopeSenders senders;

    public RelayTransport(RelayClient smtp, EnvelopeSenders senders) {
        this.smtp = smtp;
        this.senders = senders;
    }

    @Override
    public int leaseBatch() {
        return 16;
    }

    @Override
    public Sender sender() {
        RelayClient.Connection connection = smtp.connection();
        return new Sender() {
            @Override
            public List<Attempt> send(List<Message> messages) {
                List<Envelope> envelopes = messages.stream()
                        .map(m -> new Envelope(senders.of(m), List.of(m.recipient()), m.mime()))
                        .toList();
                return connection.send(envelopes).stream().map(Attempt::replied).toList();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
