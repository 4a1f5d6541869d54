package dev.postject.service.inbound;

import dev.postject.events.EmailId;
import dev.postject.service.mail.reports.Complaint;
import dev.postject.service.mail.reports.DeliveryReport;
import dev.postject.service.mail.reports.DeliveryReports;
import dev.postject.service.mail.reports.Dsn;
import dev.postject.service.mail.reports.DsnRecipient;
import dev.postject.service.mail.reports.FeedbackType;
import dev.postject.service.mail.reports.NotAReport;
import dev.postject.service.mail.reports.OriginalMessage;
import dev.postject.service.mail.returnpath.ReturnPaths;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.sending.RecordComplaint;
import dev.postject.service.sending.RecordReportedBounce;
import dev.postject.service.sending.RecordReportedDelay;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a message received at the bounce domain does: it is read ({@link DeliveryReports#parse}),
 * matched to the emails and recipients it is about through Postject's own records, and recorded on
 * those emails, all in one transaction. Whom a report is about is never taken from the report
 * alone: it is the signed VERP token of the address it was sent to, or, at a plain address of the
 * bounce domain, the token of the returned original's {@code Return-Path}, or (complaints only) the
 * original's {@code Message-ID} as {@link ComplaintOwners} allows. A forged or altered token, a
 * message that is no report and a report about nothing of ours are dropped and logged.
 */
final class InboundReports {
    private static final Logger LOG = LoggerFactory.getLogger(InboundReports.class);

    private final ReturnPaths returnPaths;
    private final SentEmails emails;
    private final ComplaintOwners complaints;
    private final CommandGateway commands;
    private final Transactions transactions;

    InboundReports(ReturnPaths returnPaths, SentEmails emails, CommandGateway commands, Transactions transactions) {
        this.returnPaths = returnPaths;
        this.emails = emails;
        this.complaints = new ComplaintOwners(emails);
        this.commands = commands;
        this.transactions = transactions;
    }

    /**
     * Records what {@code message}, sent to {@code recipients} (addresses at the bounce domain),
     * reports; returns once it is committed, with how many entries it recorded on emails. Throws
     * when the database fails (nothing is recorded then).
     */
    int receive(List<String> recipients, byte[] message, String mailFrom, String client) {
        DeliveryReport report = DeliveryReports.parse(message);
        if (report instanceof NotAReport not) {
            LOG.info(
                    "Inbound message from {}: not a report ({}); dropped",
                    client,
                    not.reason().code());
            return 0;
        }
        Optional<OriginalMessage> original =
                report instanceof Dsn dsn ? dsn.original() : ((Complaint) report).original();
        Set<Credit> credits = new LinkedHashSet<>();
        boolean plainAddress = false;
        for (String recipient : recipients) {
            if (!isVerp(recipient)) {
                plainAddress = true;
                continue;
            }
            Optional<ReturnPaths.Token> token = returnPaths.parse(recipient);
            if (token.isEmpty()) {
                LOG.warn(
                        "Inbound {} from {}: its VERP address is not one of Postject's (forged, altered or made"
                                + " with another key); dropped",
                        kind(report),
                        client);
                continue;
            }
            credit(token.get(), client).ifPresent(credits::add);
        }
        if (plainAddress) {
            Optional<Credit> credit = original.map(OriginalMessage::returnPath)
                    .flatMap(returnPaths::parse)
                    .flatMap(token -> credit(token, client));
            if (credit.isEmpty() && report instanceof Complaint complaint) {
                credit = complaints.byMessageId(complaint);
            }
            if (credit.isEmpty()) {
                LOG.info(
                        "Inbound {} from {} to a plain address of the bounce domain names no email of Postject's"
                                + " (no valid Return-Path or Message-ID of ours in the returned original); dropped",
                        kind(report),
                        client);
            }
            credit.ifPresent(credits::add);
        }
        if (credits.isEmpty()) {
            return 0;
        }
        return transactions.inTransaction(() -> {
            int n = 0;
            for (Credit credit : credits) {
                n += report instanceof Dsn dsn
                        ? recordDsn(dsn, credit, client)
                        : recordComplaint((Complaint) report, credit, mailFrom, client);
            }
            return n;
        });
    }

    private int recordDsn(Dsn dsn, Credit credit, String client) {
        Optional<DsnRecipient> entry = DsnEntries.about(credit.recipient(), dsn.recipients());
        if (entry.isEmpty()) {
            LOG.info(
                    "Inbound DSN from {} about email {}: none of its {} recipient entries is about the recipient;"
                            + " nothing recorded",
                    client,
                    credit.emailId(),
                    dsn.recipients().size());
            return 0;
        }
        DsnRecipient about = entry.get();
        String diagnostic = diagnostic(about, dsn);
        Object command = switch (about.action()) {
            case FAILED ->
                new RecordReportedBounce(
                        new EmailId(credit.emailId()),
                        credit.recipient(),
                        about.classification(),
                        about.status(),
                        diagnostic);
            case DELAYED ->
                new RecordReportedDelay(new EmailId(credit.emailId()), credit.recipient(), about.status(), diagnostic);
            case DELIVERED, RELAYED, EXPANDED -> null;
        };
        if (command == null) {
            LOG.info(
                    "Inbound DSN from {} about email {}: {}; nothing to record",
                    client,
                    credit.emailId(),
                    about.action().code());
            return 0;
        }
        return send(command, credit, "DSN (" + about.action().code() + ")", client);
    }

    private int recordComplaint(Complaint complaint, Credit credit, String mailFrom, String client) {
        FeedbackType type = complaint.feedbackType();
        if (type != FeedbackType.ABUSE && type != FeedbackType.FRAUD) {
            LOG.info(
                    "Inbound feedback report from {} about email {}: {} is no complaint; nothing recorded",
                    client,
                    credit.emailId(),
                    type.code());
            return 0;
        }
        String reporter = complaint.userAgent() != null ? complaint.userAgent() : domainOf(mailFrom);
        return send(
                new RecordComplaint(new EmailId(credit.emailId()), credit.recipient(), type.code(), reporter),
                credit,
                "complaint (" + type.code() + ")",
                client);
    }

    private int send(Object command, Credit credit, String what, String client) {
        Boolean recorded;
        try {
            recorded = commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            LOG.warn(
                    "Inbound {} from {} names email {}, which the ledger does not hold; dropped",
                    what,
                    client,
                    credit.emailId());
            return 0;
        }
        if (Boolean.TRUE.equals(recorded)) {
            LOG.info("Inbound {} from {} recorded on email {}", what, client, credit.emailId());
            return 1;
        }
        LOG.info(
                "Inbound {} from {} not recorded on email {}: a repeat, or the recipient is not one it was sent to",
                what,
                client,
                credit.emailId());
        return 0;
    }

    /** The email and the recipient a valid token names, when the email is known and names it once. */
    private Optional<Credit> credit(ReturnPaths.Token token, String client) {
        List<String> recipients = new ArrayList<>(emails.recipients(token.emailId()));
        Optional<String> recipient = returnPaths.recipientOf(token, recipients);
        if (recipient.isEmpty()) {
            LOG.warn(
                    "Inbound report from {}: its VERP token names email {} but none of its recipients; dropped",
                    client,
                    token.emailId());
        }
        return recipient.map(r -> new Credit(token.emailId(), r));
    }

    /**
     * What the reporting server said: the remote server's reply it quotes, else in its own words
     * (the events need a response, and many reports quote none).
     */
    private static String diagnostic(DsnRecipient about, Dsn dsn) {
        if (about.diagnosticCode() != null
                && about.diagnosticCode().text() != null
                && !about.diagnosticCode().text().isBlank()) {
            return about.diagnosticCode().text();
        }
        String reporter = about.remoteMta() != null ? about.remoteMta() : dsn.reportingMta();
        return "Reported " + about.action().code()
                + (about.status() == null ? "" : " with status " + about.status())
                + (reporter == null ? "" : " by " + reporter);
    }

    private static boolean isVerp(String address) {
        return address.regionMatches(true, 0, ReturnPaths.PREFIX, 0, ReturnPaths.PREFIX.length());
    }

    private static String kind(DeliveryReport report) {
        if (report instanceof Dsn) {
            return "DSN";
        }
        return report instanceof Complaint ? "complaint" : "message";
    }

    private static String domainOf(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at < 0 ? null : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
