package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.events.EmailId;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.domains.DomainQueries;
import dev.postject.projections.domains.DomainView;
import dev.postject.projections.emails.EmailQueries;
import dev.postject.projections.sandbox.SandboxEmailQueries;
import dev.postject.projections.suppressions.SuppressionQueries;
import dev.postject.service.domains.DkimKeys;
import dev.postject.service.mail.Composition;
import dev.postject.service.mail.DkimSigner;
import dev.postject.service.mail.MimeComposer;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.http.PublicUrl;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.platform.text.Ids;
import dev.postject.service.resources.api.AcceptedEmailResponse;
import dev.postject.service.resources.api.SendEmailRequest;
import dev.postject.service.tracking.HtmlTracking;
import dev.postject.service.tracking.TrackingTokens;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Accepting an email: the sandbox, sender and limit rules, then content, {@code EmailQueued} and
 * one queue row per recipient, committed together before the caller hears 202.
 *
 * <p>The rules read the read-your-writes models (whitelist, suppressions, mode) in the send's own
 * transaction rather than routing every email through the {@code Account} aggregate, which would
 * serialize all of an account's sends on one aggregate and lengthen its event stream by one event
 * per email. Sandbox sends take a per-account advisory lock so the daily limit holds under
 * concurrency.
 */
public final class EmailSending {
    private final Transactions transactions;
    private final Jdbi jdbi;
    private final CommandGateway commands;
    private final ReadModelCaches caches;
    private final SandboxEmailQueries sandbox;
    private final SuppressionQueries suppressions;
    private final EmailQueries emails;
    private final DomainQueries domains;
    private final DkimKeys dkimKeys;
    private final TrackingTokens trackingTokens;
    private final PublicUrl publicUrl;
    private final Clock clock;
    private final int sandboxDailyLimit;
    private final String systemFrom;
    private final Runnable wakeDispatcher;

    public EmailSending(
            Transactions transactions,
            Jdbi jdbi,
            CommandGateway commands,
            ReadModelCaches caches,
            DkimKeys dkimKeys,
            TrackingTokens trackingTokens,
            PublicUrl publicUrl,
            Clock clock,
            int sandboxDailyLimit,
            String systemFrom,
            Runnable wakeDispatcher) {
        this.transactions = transactions;
        this.jdbi = jdbi;
        this.commands = commands;
        this.caches = caches;
        this.sandbox = jdbi.onDemand(SandboxEmailQueries.class);
        this.suppressions = jdbi.onDemand(SuppressionQueries.class);
        this.emails = jdbi.onDemand(EmailQueries.class);
        this.domains = jdbi.onDemand(DomainQueries.class);
        this.dkimKeys = dkimKeys;
        this.trackingTokens = trackingTokens;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.sandboxDailyLimit = sandboxDailyLimit;
        this.systemFrom = systemFrom;
        this.wakeDispatcher = wakeDispatcher;
    }

    public AcceptedEmailResponse send(AccountId account, SendEmailRequest request) {
        Object result = sendAll(account, List.of(request)).get(0);
        if (result instanceof Refusal refused) {
            throw refused;
        }
        return (AcceptedEmailResponse) result;
    }

    /**
     * Checks each email on its own, then queues every accepted one in a single transaction (one
     * durable commit for a whole batch). Each result is an {@link AcceptedEmailResponse} or the
     * {@link Refusal} that refused that email.
     */
    public List<Object> sendAll(AccountId account, List<SendEmailRequest> requests) {
        List<Object> results = new ArrayList<>();
        for (SendEmailRequest request : requests) {
            try {
                results.add(OutgoingEmail.of(request));
            } catch (Refusal refused) {
                results.add(refused);
            }
        }
        AccountView view = caches.account(account.value())
                .orElseThrow(() -> new Refusal.NotFound("account_not_found", "This account does not exist."));
        boolean sandboxMode = view.mode().equals("sandbox");
        // one Jdbi handle for the whole batch: the projections and queries inside reuse it
        return transactions.inTransaction(() -> jdbi.withHandle(unused -> {
            int[] sendable = {sandboxMode ? remainingToday(account) : Integer.MAX_VALUE};
            Set<String> addresses = new LinkedHashSet<>();
            Map<String, DomainView> senderDomains = new HashMap<>(); // the batch's From domains that are verified
            for (Object result : results) {
                if (result instanceof OutgoingEmail email) {
                    addresses.add(Addresses.key(email.fromAddress()));
                    addresses.addAll(keys(email.envelope()));
                    String domain = Addresses.domainOf(email.fromAddress());
                    if (!senderDomains.containsKey(domain)) {
                        senderDomains.put(
                                domain,
                                domains.verified(account.value(), domain).orElse(null));
                    }
                }
            }
            // one look-up of each list for the whole batch, in the transaction that holds the limit lock
            Set<String> confirmed = addresses.isEmpty() ? Set.of() : sandbox.confirmedAmong(account.value(), addresses);
            Set<String> suppressed =
                    addresses.isEmpty() ? Set.of() : suppressions.suppressedAmong(account.value(), addresses);
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof OutgoingEmail email) {
                    try {
                        DomainView signing = senderDomains.get(Addresses.domainOf(email.fromAddress()));
                        List<String> skipped = requireSendable(
                                email, sandboxMode, signing != null, confirmed, suppressed, sendable, account);
                        results.set(
                                i, queue(account, email, skipped, sandboxMode, false, signing, tracked(email, view)));
                    } catch (Refusal refused) {
                        results.set(i, refused);
                    }
                }
            }
            return results;
        }));
    }

    /** The rules for one email; returns its suppressed recipients, which are skipped. */
    private List<String> requireSendable(
            OutgoingEmail email,
            boolean sandboxMode,
            boolean fromVerifiedDomain,
            Set<String> confirmed,
            Set<String> suppressed,
            int[] sendable,
            AccountId account) {
        List<String> envelope = email.envelope();
        if (!fromVerifiedDomain && !(sandboxMode && confirmed.contains(Addresses.key(email.fromAddress())))) {
            throw new Refusal.Forbidden(
                    "sender_not_verified",
                    "'from' must be on a verified domain of the account, or (in sandbox mode) a confirmed sandbox"
                            + " address.");
        }
        if (sandboxMode) {
            List<String> refused = new ArrayList<>(new LinkedHashSet<>(envelope.stream()
                    .filter(address -> !confirmed.contains(Addresses.key(address)))
                    .toList()));
            if (!refused.isEmpty()) {
                throw new Refusal.Forbidden(
                        "sandbox_recipient_not_allowed",
                        "In sandbox mode every recipient (to, cc and bcc) must be a confirmed sandbox address.",
                        Map.of("recipients", refused));
            }
            if (sendable[0] <= 0) {
                throw dailyLimitReached(account);
            }
        }
        List<String> skipped = envelope.stream()
                .filter(a -> suppressed.contains(Addresses.key(a)))
                .toList();
        if (skipped.size() == envelope.size()) {
            throw new Refusal.Invalid(
                    "recipients_suppressed", "Every recipient is on the account's suppression list.", "to");
        }
        sendable[0]--;
        return skipped;
    }

    /** Postject's own mail to an account's address (e.g. a confirmation link): no rules, no limit. */
    public void sendSystemMail(AccountId account, String to, String subject, String text, String html) {
        OutgoingEmail email = OutgoingEmail.of(new SendEmailRequest(
                systemFrom,
                List.of(to),
                null,
                null,
                null,
                subject,
                text,
                html,
                null,
                "system",
                null,
                null,
                false,
                false));
        transactions.inTransaction(() -> queue(account, email, List.of(), false, true, null, Tracked.NONE));
    }

    /** Stores the content (DKIM-signed when {@code signing} is the From's verified domain) and queues it. */
    private AcceptedEmailResponse queue(
            AccountId account,
            OutgoingEmail email,
            List<String> skipped,
            boolean sandboxMode,
            boolean system,
            DomainView signing,
            Tracked tracked) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // PostgreSQL's precision: GET shows the same
        EmailId id = new EmailId(Ids.newId(EmailId.PREFIX));
        String messageId = "<" + id.value() + "@"
                + email.fromAddress().substring(email.fromAddress().indexOf('@') + 1) + ">";
        byte[] content = compose(email, email.html(), messageId, signing, now);
        jdbi.useHandle(
                h -> h.createUpdate("INSERT INTO email_contents (email_id, account_id, envelope_from, mime, created_at)"
                                + " VALUES (:id, :account, :from, :mime, :at)")
                        .bind("id", id.value())
                        .bind("account", account.value())
                        .bind("from", email.fromAddress())
                        .bind("mime", content)
                        .bind("at", now)
                        .execute());
        commands.sendAndWait(new QueueEmail(
                id,
                account,
                email.from(),
                email.to(),
                email.cc(),
                email.bcc(),
                skipped,
                email.subject(),
                email.tag(),
                email.metadata(),
                messageId,
                sandboxMode,
                system,
                now));
        Set<String> done = keys(skipped); // one copy per address, whatever its case or list
        boolean tracking = email.html() != null && (tracked.opens() || tracked.clicks());
        jdbi.useHandle(h -> {
            for (String recipient : email.envelope()) {
                if (done.add(Addresses.key(recipient))) {
                    enqueue(h, id, account, recipient, now);
                    if (tracking) {
                        // the recipient's own copy: its links and pixel tell its opens and clicks apart
                        String html = tracked.html(email.html(), id.value(), recipient);
                        h.execute(
                                "INSERT INTO email_recipient_contents (email_id, recipient, mime) VALUES (?, ?, ?)",
                                id.value(),
                                recipient,
                                compose(email, html, messageId, signing, now));
                    }
                }
            }
        });
        transactions.afterCommit(wakeDispatcher);
        return new AcceptedEmailResponse(id.value(), "queued", now);
    }

    /** The MIME message with this HTML, DKIM-signed when {@code signing} is the From's verified domain. */
    private byte[] compose(OutgoingEmail email, String html, String messageId, DomainView signing, Instant now) {
        byte[] mime = MimeComposer.compose(new Composition(
                email.from(),
                email.to(),
                email.cc(),
                email.replyTo(),
                email.subject(),
                email.text(),
                html,
                email.headers(),
                email.attachments(),
                messageId,
                now));
        if (signing == null) {
            return mime;
        }
        PrivateKey key = dkimKeys.find(signing.id())
                .orElseThrow(() -> new IllegalStateException("No DKIM key stored for " + signing.id()));
        return DkimSigner.sign(mime, signing.name(), signing.dkimSelector(), key, now);
    }

    /** Whether an email's opens and clicks are tracked, and how its HTML is rewritten for one recipient. */
    private record Tracked(boolean opens, boolean clicks, TrackingTokens tokens, String baseUrl) {
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

    /** The email's own flags, else the account's defaults. */
    private Tracked tracked(OutgoingEmail email, AccountView account) {
        boolean opens = email.trackOpens() != null ? email.trackOpens() : account.trackOpens();
        boolean clicks = email.trackClicks() != null ? email.trackClicks() : account.trackClicks();
        return opens || clicks ? new Tracked(opens, clicks, trackingTokens, publicUrl.get()) : Tracked.NONE;
    }

    private static void enqueue(Handle h, EmailId id, AccountId account, String recipient, Instant now) {
        h.createUpdate("INSERT INTO delivery_queue (email_id, account_id, recipient, queued_at, next_attempt_at)"
                        + " VALUES (:id, :account, :recipient, :at, :at) ON CONFLICT DO NOTHING")
                .bind("id", id.value())
                .bind("account", account.value())
                .bind("recipient", recipient)
                .bind("at", now)
                .execute();
    }

    /**
     * How many more emails the sandbox account may send now. Holds a per-account lock until the
     * transaction ends, so concurrent sends cannot overshoot the limit together.
     */
    private int remainingToday(AccountId account) {
        transactions.lockUntilCommit(account.value());
        Instant since = clock.instant().minus(Duration.ofDays(1));
        return sandboxDailyLimit - emails.countSince(account.value(), since, sandboxDailyLimit);
    }

    private Refusal dailyLimitReached(AccountId account) {
        Instant since = clock.instant().minus(Duration.ofDays(1));
        Instant oldest = emails.oldestSince(account.value(), since).orElse(clock.instant());
        long retryAfter = Math.max(
                1,
                Duration.between(clock.instant(), oldest.plus(Duration.ofDays(1)))
                                .toSeconds()
                        + 1);
        return new Refusal.RateLimited(
                "sandbox_limit_reached",
                "Sandbox accounts may send " + sandboxDailyLimit + " emails per 24 hours.",
                retryAfter);
    }

    private static Set<String> keys(List<String> addresses) {
        Set<String> keys = new LinkedHashSet<>();
        addresses.forEach(address -> keys.add(Addresses.key(address)));
        return keys;
    }
}
