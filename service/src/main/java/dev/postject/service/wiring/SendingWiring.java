package dev.postject.service.wiring;

import dev.postject.service.delivery.DeliveryOwners;
import dev.postject.service.delivery.DeliverySettings;
import dev.postject.service.delivery.DeliveryWorker;
import dev.postject.service.domains.DkimKeys;
import dev.postject.service.mail.DevSmtpServer;
import dev.postject.service.mail.SmtpSettings;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.sending.EmailAcceptance;
import dev.postject.service.sending.Engagements;
import dev.postject.service.sending.IdempotentRequests;
import dev.postject.service.tracking.TrackingTokens;
import io.dropwizard.core.setup.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending and delivery: acceptance, the delivery workers and their transport (the SMTP relay, the
 * embedded capture server, or direct delivery), and opens and clicks.
 *
 * @param devSmtp the embedded capture server; null in relay and direct modes
 */
record SendingWiring(
        EmailAcceptance sending,
        IdempotentRequests idempotency,
        Engagements engagements,
        DkimKeys dkimKeys,
        DevSmtpServer devSmtp) {
    private static final Logger LOG = LoggerFactory.getLogger(SendingWiring.class);

    static SendingWiring install(Platform platform, Ledger ledger) {
        Environment environment = platform.environment();
        SmtpSettings smtp = platform.config().smtp();
        DevSmtpServer devSmtp = null;
        if (platform.config().deliveryMode() == DeliverySettings.Mode.CAPTURE) {
            devSmtp = new DevSmtpServer(platform.clock(), new DeliveryOwners(platform.jdbi()));
            environment.lifecycle().manage(devSmtp);
            smtp = smtp.at("127.0.0.1", devSmtp.port());
            LOG.warn(
                    "No SMTP host configured (POSTJECT_SMTP_HOST): delivering to the embedded SMTP server on"
                            + " 127.0.0.1:{}; read what it captured at GET /v1/dev/inbox",
                    devSmtp.port());
        }
        TransportWiring.Installed transport = TransportWiring.install(platform, smtp);
        DeliveryWorker delivery = new DeliveryWorker(
                platform.jdbi(),
                platform.transactions(),
                ledger.commands(),
                transport.transport(),
                platform.clock(),
                platform.config().delivery().retryPolicy(),
                transport.concurrency(),
                environment.metrics());
        environment.lifecycle().manage(delivery);
        DkimKeys dkimKeys = new DkimKeys(platform.jdbi(), platform.secrets());
        TrackingTokens trackingTokens = new TrackingTokens(platform.secrets().derive("tracking tokens"));
        EmailAcceptance sending = new EmailAcceptance(
                platform.transactions(),
                platform.jdbi(),
                ledger.commands(),
                platform.caches(),
                dkimKeys,
                trackingTokens,
                platform.publicUrl(),
                platform.clock(),
                platform.config().sending(),
                delivery.handoff());
        return new SendingWiring(
                sending,
                new IdempotentRequests(platform.transactions(), platform.jdbi(), platform.clock()),
                new Engagements(trackingTokens, ledger.commands()),
                dkimKeys,
                devSmtp);
    }
}
