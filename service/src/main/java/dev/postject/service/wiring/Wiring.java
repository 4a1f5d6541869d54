package dev.postject.service.wiring;

import dev.postject.service.PostjectConfiguration;
import dev.postject.service.auth.KeyUsage;
import dev.postject.service.domains.Domains;
import dev.postject.service.inbound.InboundListener;
import dev.postject.service.metrics.EmailCounters;
import dev.postject.service.metrics.Metrics;
import dev.postject.service.platform.jobs.QueueWorkers;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.platform.net.Dns;
import dev.postject.service.sending.EmailAcceptance;
import dev.postject.service.submission.SubmissionListeners;
import dev.postject.service.webhooks.Webhooks;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Builds the whole service by hand, area by area, in the order their parts start: the platform,
 * the ledger, accounts' keys, sending and delivery, webhooks, domains, accounts, SMTP submission,
 * the inbound listener, then HTTP; metrics see all of them.
 */
public final class Wiring {
    private Wiring() {}

    /**
     * What a running service shows of itself: the SMTP submission listeners and the inbound listener
     * for bounces and complaints (each null when off), and the ledger's command gateway (what operator
     * tools and tests record facts through).
     */
    public record Running(SubmissionListeners submission, InboundListener inbound, CommandGateway commands) {}

    public static Running install(PostjectConfiguration config, Environment environment, Clock clock) {
        Platform platform = Platform.install(config, environment, clock);
        QueueWorkers webhookWorkers = WebhooksWiring.workers();
        AtomicReference<EmailAcceptance> ownMail = new AtomicReference<>(); // the ledger's guard mails through it
        Metrics metrics = new Metrics();
        EmailCounters emailCounters = MetricsWiring.install(platform, metrics);
        Ledger ledger = LedgerWiring.install(platform, webhookWorkers::wake, ownMail::get, emailCounters);
        KeyUsage usage = AccountWiring.installKeys(platform, ledger);
        SendingWiring sending = SendingWiring.install(platform, ledger);
        ownMail.set(sending.sending());
        Dns dns = platform.dns(config.dns().servers());
        Webhooks webhooks = WebhooksWiring.install(platform, ledger, webhookWorkers, dns);
        Domains domains = DomainsWiring.install(platform, ledger, sending.dkimKeys(), dns);
        AccountWiring accounts = AccountWiring.install(platform, ledger, usage, sending);
        SubmissionListeners submission =
                SubmissionWiring.install(platform, sending, accounts.smtpCredentials(), accounts.callerLimits());
        InboundListener inbound = InboundWiring.install(platform, ledger, submission);
        MetricsWiring.installListeners(metrics, submission, inbound);
        HttpWiring.install(platform, ledger, accounts, sending, domains, webhooks, submission);
        return new Running(submission, inbound, ledger.commands());
    }
}
