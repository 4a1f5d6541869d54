package dev.postject.service.inbound;

import dev.postject.service.mail.returnpath.ReturnPaths;
import dev.postject.service.mail.server.SmtpServer;
import dev.postject.service.mail.server.SmtpServerSettings;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.net.BindAddresses;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound SMTP listener of a node: where the bounce domain's MX records point. It accepts mail
 * for the bounce domain only, without AUTH, STARTTLS when a certificate is given, within the
 * configured size and connection limits, and records the delivery status notifications and
 * complaints it receives ({@link InboundReports}).
 */
public final class InboundListener implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(InboundListener.class);
    /** Recipients of one message: a report goes to one address; a few more are tolerated. */
    static final int MAX_RECIPIENTS = 20;

    private final InboundSettings settings;
    private final String bounceDomain;
    private final boolean tls;
    private final SmtpServer server;

    /**
     * @param tls the certificate STARTTLS offers; null: no STARTTLS
     */
    public InboundListener(
            InboundSettings settings,
            String bounceDomain,
            ReturnPaths returnPaths,
            Jdbi jdbi,
            Transactions transactions,
            CommandGateway commands,
            SSLContext tls) {
        this.settings = settings;
        this.bounceDomain = bounceDomain;
        this.tls = tls != null;
        InboundReports reports = new InboundReports(returnPaths, new SentEmails(jdbi), commands, transactions);
        this.server = new SmtpServer(
                SmtpServerSettings.builder(bounceDomain)
                        .bindAddress(settings.bindAddress())
                        .port(settings.port())
                        .mode(SmtpServerSettings.Mode.STARTTLS)
                        .maxSessions(settings.maxConnections())
                        .maxSessionsPerClient(settings.maxConnectionsPerIp())
                        .commandTimeout(settings.commandTimeout())
                        .dataTimeout(settings.dataTimeout())
                        .maxErrors(settings.maxErrors())
                        .maxMessageSize(settings.maxMessageSize())
                        .maxRecipients(MAX_RECIPIENTS)
                        .authentication(false)
                        .shutdownTimeout(Duration.ofSeconds(10))
                        .build(),
                tls,
                () -> new InboundSession(bounceDomain, reports));
    }

    @Override
    public void start() throws Exception {
        server.start();
        LOG.info(
                "Receiving bounces and complaints for {} on {} port {} ({}; messages up to {} bytes)",
                bounceDomain,
                BindAddresses.describe(settings.bindAddress()),
                port(),
                tls ? "STARTTLS offered" : "no STARTTLS",
                settings.maxMessageSize());
    }

    /** Stops, letting the transactions under way finish. */
    @Override
    public void stop() {
        server.stop();
    }

    /** The port listened on (the one chosen when configured as 0). */
    public int port() {
        return server.port();
    }

    /** The server itself, for its session counts. */
    public SmtpServer server() {
        return server;
    }
}
