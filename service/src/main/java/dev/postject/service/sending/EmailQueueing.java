package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.events.EmailId;
import dev.postject.events.EmailQueued;
import dev.postject.projections.domains.DomainView;
import dev.postject.service.domains.DkimKeys;
import dev.postject.service.mail.DkimSigner;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.platform.text.Ids;
import dev.postject.service.tracking.HtmlTracking;
import dev.postject.service.tracking.TrackingTokens;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;

/**
 * Queues an accepted email in two steps: {@link #prepare} composes it before any transaction opens,
 * and {@link #write} queues it in the caller's transaction: its MIME content stored (DKIM-signed
 * with the From's verified domain, one copy per recipient when its opens or clicks are tracked),
 * {@code EmailQueued} in the ledger, and one delivery row per recipient not skipped: leased to this
 * node's delivery workers and handed to them once it commits, or left for any node's workers when
 * they have no room ({@link DeliveryHandoff}). The content and delivery rows of all the emails
 * queued in a transaction are written together just before it commits ({@link QueuedContents}).
 */
final class EmailQueueing {
    private final Transactions transactions;
    private final Jdbi jdbi;
    private final CommandGateway commands;
    private final DkimKeys dkimKeys;
    private final Clock clock;
    private final DeliveryHandoff delivery;

    EmailQueueing(
            Transactions transactions,
            Jdbi jdbi,
            CommandGateway commands,
            DkimKeys dkimKeys,
            Clock clock,
            DeliveryHandoff delivery) {
        this.transactions = transactions;
        this.jdbi = jdbi;
        this.commands = commands;
        this.dkimKeys = dkimKeys;
        this.clock = clock;
        this.delivery = delivery;
    }

    /** Whether an email's opens and clicks are tracked, and how its HTML is rewritten for one recipient. */
    record Tracked(boolean opens, boolean clicks, TrackingTokens tokens, String baseUrl) {
        static final Tracked NONE = new Tracked(false, false, null, null);

        String html(String html, String emailId, String recipient) {
            String out = html;
            if (clicks) {
                out = HtmlTracking.rewriteLinks(out, url -> baseUrl + "/t/c/" + tokens.click(emailId, recipient, url));
            }
            if (opens) {
                out = HtmlTracking.addPixel(out, baseUrl + "/t/o/" + tokens.open(emailId, recipient));
            }
            return out;
        }
    }

    /**
     * How the email was taken: in sandbox mode or not, and the way it came in ({@link EmailQueued#API},
     * {@link EmailQueued#SMTP}, or {@link EmailQueued#SYSTEM} for Postject's own mail to the account).
     */
    record Kind(boolean sandbox, String source) {
        boolean system() {
            return source.equals(EmailQueued.SYSTEM);
        }
    }

    /** Stores the content and queues it; {@code signing} is the From's verified domain, or null. */
    EmailAcceptance.Accepted queue(
            AccountId account, Sendable email, List<String> skipped, Kind kind, DomainView signing, Tracked tracked) {
        return write(prepare(account, email, skipped, kind, signing, tracked));
    }

    /** An accepted email ready to be queued: its id, its content composed and signed, and one copy per delivery. */
    record Prepared(
            EmailId id,
            AccountId account,
            Sendable email,
            List<String> skipped,
            Kind kind,
            String messageId,
            Instant at,
            byte[] content,
            List<Copy> copies) {
        long bytes() {
            long bytes = 0;
            for (Copy copy : copies) {
                bytes += copy.mime() != null ? copy.mime().length : content.length;
            }
            return bytes;
        }
    }

    /**
     * The email composed (and signed, when {@code signing} is the From's verified domain): the CPU
     * work of queueing, which needs no transaction open (its only read, a domain's key, is cached).
     */
    Prepared prepare(
            AccountId account, Sendable email, List<String> skipped, Kind kind, DomainView signing, Tracked tracked) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // PostgreSQL's precision: GET shows the same
        EmailId id = new EmailId(Ids.newId(EmailId.PREFIX));
        String messageId = email.messageId() != null
                ? email.messageId()
                : "<" + id.value() + "@"
                        + email.fromAddress().substring(email.fromAddress().indexOf('@') + 1) + ">";
        byte[] content = compose(email, null, messageId, signing, now);
        List<Copy> copies = copies(email, skipped, tracked, id, messageId, signing, now);
        return new Prepared(id, account, email, skipped, kind, messageId, now, content, copies);
    }

    /** In the caller's transaction: the prepared email's content, deliveries and {@code EmailQueued}. */
    EmailAcceptance.Accepted write(Prepared email) {
        // the rows leased to this node's workers, handed to them in memory once this commits
        Optional<DeliveryHandoff.Reservation> handing =
                transactions.isActive() ? delivery.reserve(email.copies().size(), email.bytes()) : Optional.empty();
        List<DeliveryHandoff.Handed> handed = new ArrayList<>(email.copies().size());
        handing.ifPresentOrElse(
                reservation -> {
                    transactions.onRollback(reservation::cancel);
                    transactions.afterCommit(() -> reservation.hand(handed));
                },
                () -> transactions.afterCommit(delivery::queued));
        EmailId id = email.id();
        Sendable sent = email.email();
        if (email.copies().stream().anyMatch(copy -> copy.mime() != null)) { // its recipients' own copies
            jdbi.useHandle(h -> {
                for (Copy copy : email.copies()) {
                    if (copy.mime() != null) {
                        h.execute(
                                "INSERT INTO email_recipient_contents (email_id, recipient, mime) VALUES (?, ?, ?)",
                                id.value(),
                                copy.recipient(),
                                copy.mime());
                    }
                }
            });
        }
        // the content and delivery rows: with those of the transaction's other emails, before it commits
        transactions
                .kept(QueuedContents.class, () -> {
                    QueuedContents contents = new QueuedContents();
                    transactions.beforeCommit(() -> jdbi.useHandle(contents::write));
                    return contents;
                })
                .ifPresentOrElse(contents -> contents.add(email, handing, handed), () -> {
                    QueuedContents alone = new QueuedContents();
                    alone.add(email, handing, handed);
                    jdbi.useHandle(alone::write);
                });
        commands.sendAndWait(new QueueEmail(
                id,
                email.account(),
                sent.from(),
                sent.to(),
                sent.cc(),
                sent.bcc(),
                email.skipped(),
                sent.subject(),
                sent.tag(),
                sent.metadata(),
                email.messageId(),
                email.kind().sandbox(),
                email.kind().system(),
                email.kind().source(),
                email.at()));
        return new EmailAcceptance.Accepted(id.value(), email.at());
    }

    /**
     * The MIME message with its HTML rewritten by {@code html} (null: as it is), DKIM-signed when
     * {@code signing} is the From's verified domain.
     */
    private byte[] compose(
            Sendable email, UnaryOperator<String> html, String messageId, DomainView signing, Instant now) {
        byte[] mime = email.mime(messageId, now, html);
        if (signing == null) {
            return mime;
        }
        PrivateKey key = dkimKeys.find(signing.id())
                .orElseThrow(() -> new IllegalStateException("No DKIM key stored for " + signing.id()));
        return DkimSigner.sign(mime, signing.name(), signing.dkimSelector(), key, now);
    }

    /** One recipient's delivery: its own copy of the content when it is tracked (null: the email's). */
    record Copy(String recipient, byte[] mime) {}

    /** One delivery per address not skipped, whatever its case or list. */
    private List<Copy> copies(
            Sendable email,
            List<String> skipped,
            Tracked tracked,
            EmailId id,
            String messageId,
            DomainView signing,
            Instant now) {
        Set<String> done = new LinkedHashSet<>();
        skipped.forEach(address -> done.add(Addresses.key(address)));
        boolean tracking = email.hasHtml() && (tracked.opens() || tracked.clicks());
        List<Copy> copies = new ArrayList<>();
        for (String recipient : email.envelope()) {
            if (done.add(Addresses.key(recipient))) {
                // the recipient's own copy: its links and pixel tell its opens and clicks apart
                UnaryOperator<String> html = original -> tracked.html(original, id.value(), recipient);
                copies.add(new Copy(recipient, tracking ? compose(email, html, messageId, signing, now) : null));
            }
        }
        return copies;
    }
}
