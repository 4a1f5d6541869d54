package dev.postject.service.wiring;

import dev.postject.service.PostjectConfiguration;
import dev.postject.service.delivery.DeliverySettings.Mode;
import dev.postject.service.delivery.DeliveryTransport;
import dev.postject.service.delivery.transport.DirectDelivery;
import dev.postject.service.delivery.transport.EnvelopeSenders;
import dev.postject.service.delivery.transport.RelayTransport;
import dev.postject.service.mail.SmtpSettings;
import dev.postject.service.mail.direct.DirectSettings;
import dev.postject.service.mail.direct.DirectTransport;
import dev.postject.service.mail.direct.MtaStsPolicies;
import dev.postject.service.mail.direct.MxConnector;
import dev.postject.service.mail.direct.MxResolver;
import dev.postject.service.mail.relay.RelayClient;
import dev.postject.service.platform.net.Dns;
import io.dropwizard.lifecycle.Managed;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery transport of the configured mode ({@code POSTJECT_DELIVERY}): the SMTP client to the
 * relay or the capture server, or direct delivery to recipients' mail servers; and how many workers
 * deliver through it.
 */
final class TransportWiring {
    private static final Logger LOG = LoggerFactory.getLogger(TransportWiring.class);

    record Installed(DeliveryTransport transport, int concurrency) {}

    private TransportWiring() {}

    /** {@code smtp}: the relay, or the embedded capture server in capture mode. */
    static Installed install(Platform platform, SmtpSettings smtp) {
        PostjectConfiguration config = platform.config();
        Mode mode = config.deliveryMode();
        EnvelopeSenders senders = mode == Mode.CAPTURE
                ? EnvelopeSenders.own() // the dev inbox finds each message's owner by its own sender
                : EnvelopeSenders.of(
                        config.delivery().bounceDomain(), platform.secrets().derive("return paths"));
        if (mode != Mode.DIRECT) {
            return new Installed(new RelayTransport(new RelayClient(smtp), senders), smtp.concurrency());
        }
        DirectSettings direct = config.direct();
        Dns dns = platform.dns(config.dns().servers());
        MtaStsPolicies policies = new MtaStsPolicies(dns, direct, platform.clock());
        DirectTransport transport = new DirectTransport(
                new MxResolver(dns, direct, new SecureRandom()),
                policies,
                new MxConnector(direct),
                direct,
                platform.clock());
        platform.environment().lifecycle().manage(new Managed() {
            @Override
            public void start() throws Exception {
                policies.start();
                transport.start();
            }

            @Override
            public void stop() throws Exception {
                transport.close();
                policies.close();
            }
        });
        LOG.info(
                "Delivering straight to recipients' mail servers on port {} ({} workers, {} per destination)",
                direct.port(),
                direct.concurrency(),
                direct.perDestination());
        return new Installed(
                new DirectDelivery(transport, senders, direct.perDestination(), platform.clock()),
                direct.concurrency());
    }
}
