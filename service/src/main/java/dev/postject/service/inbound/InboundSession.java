package dev.postject.service.inbound;

import dev.postject.events.Actor;
import dev.postject.service.mail.server.Envelope;
import dev.postject.service.mail.server.MailAddress;
import dev.postject.service.mail.server.MailParameters;
import dev.postject.service.mail.server.SessionInfo;
import dev.postject.service.mail.server.SmtpHandler;
import dev.postject.service.mail.server.SmtpReply;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.text.Ids;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP session of the inbound listener. Anyone may connect and send (bounces come from the
 * null sender, complaints from mailbox providers), without AUTH; only recipients at the bounce
 * domain are accepted. The answer to DATA is {@code 250} once what the message reports is
 * committed, whether or not it named anything of ours (a sender learns nothing about which tokens
 * are valid), and {@code 451 4.3.0} when the database fails, so that the sender tries again.
 */
final class InboundSession implements SmtpHandler<Void> {
    private static final Logger LOG = LoggerFactory.getLogger(InboundSession.class);

    private final String bounceDomain;
    private final InboundReports reports;
    private String mailFrom;

    InboundSession(String bounceDomain, InboundReports reports) {
        this.bounceDomain = bounceDomain.toLowerCase(Locale.ROOT);
        this.reports = reports;
    }

    @Override
    public SmtpReply mailFrom(SessionInfo<Void> session, MailAddress from, MailParameters parameters) {
        mailFrom = from.toString();
        return SmtpReply.SENDER_OK;
    }

    @Override
    public SmtpReply rcptTo(SessionInfo<Void> session, MailAddress to) {
        boolean postmaster = to.domain().isEmpty() && to.localPart().equalsIgnoreCase("postmaster");
        if (!postmaster && !to.domain().toLowerCase(Locale.ROOT).equals(bounceDomain)) {
            return new SmtpReply(
                    550,
                    "5.7.1",
                    "<" + to + ">: relay access denied: this server accepts mail for " + bounceDomain + " only");
        }
        return SmtpReply.RECIPIENT_OK;
    }

    @Override
    public SmtpReply data(Envelope<Void> envelope, byte[] message) {
        String id = Ids.newId("inb_");
        String ip = envelope.session().client().address().getHostAddress();
        List<String> recipients =
                envelope.recipients().stream().map(MailAddress::toString).toList();
        String from = mailFrom;
        try {
            RequestContext.runAs(
                    Actor.SYSTEM, id, ip, () -> reports.receive(recipients, message, from, ip + " [" + id + "]"));
            return new SmtpReply(250, "2.0.0", "Ok: received as " + id);
        } catch (RuntimeException e) {
            LOG.warn("Inbound message from {} [{}] not recorded; the sender is told to try again", ip, id, e);
            return new SmtpReply(451, "4.3.0", "Temporary failure recording the message, try again later");
        }
    }

    @Override
    public void reset() {
        mailFrom = null;
    }
}
