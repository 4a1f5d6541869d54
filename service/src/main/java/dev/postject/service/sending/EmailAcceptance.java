package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.domains.DomainQueries;
import dev.postject.projections.domains.DomainView;
import dev.postject.projections.emails.EmailQueries;
import dev.postject.projections.sandbox.SandboxEmailQueries;
import dev.postject.projections.suppressions.SuppressionQueries;
import dev.postject.service.domains.DkimKeys;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.http.PublicUrl;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.sending.EmailQueueing.Kind;
import dev.postject.service.sending.EmailQueueing.Tracked;
import dev.postject.service.sending.SendingPolicy.Allowance;
import dev.postject.service.tracking.TrackingTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;

/**
 * Accepting emails, the one send path: each request checked ({@link OutgoingEmail}), the account's
 * state read, the {@link SendingPolicy} asked, and each accepted email queued, all committed in one
 * transaction before the caller hears of it.
 *
 * <p>The rules read the read-your-writes models (whitelist, suppressions, mode) in the send's own
 * transaction rather than routing every email through the {@code Account} aggregate, which would
 * serialize all of an account's sends on one aggregate and lengthen its event stream by one event
 * per email. Sandbox sends take a per-account advisory lock so the daily limit holds under
 * concurrency.
 */
public final class EmailAcceptance {
    private final Transactions transactions;
    private final Jdbi jdbi;
    private final ReadModelCaches caches;
    private final SandboxEmailQueries sandbox;
    private final SuppressionQueries suppressions;
    private final EmailQueries emails;
    private final DomainQueries domains;
    private final TrackingTokens trackingTokens;
    private final PublicUrl publicUrl;
    private final Clock clock;
    private final int sandboxDailyLimit;
    private final String systemFrom;
    private final EmailQueueing queueing;

    /** What became of one requested email. */
    public sealed interface Result permits Accepted, Refused {}

    /** Queued under {@code id}, committed. */
    public record Accepted(String id, Instant createdAt) implements Result {}

    public record Refused(Refusal refusal) implements Result {}

    public EmailAcceptance(
            Transactions transactions,
            Jdbi jdbi,
            CommandGateway commands,
            ReadModelCaches caches,
            DkimKeys dkimKeys,
            TrackingTokens trackingTokens,
            PublicUrl publicUrl,
            Clock clock,
            SendingSettings settings,
            Runnable wakeDelivery) {
        this.transactions = transactions;
        this.jdbi = jdbi;
        this.caches = caches;
        this.sandbox = jdbi.onDemand(SandboxEmailQueries.class);
        this.suppressions = jdbi.onDemand(SuppressionQueries.class);
        this.emails = jdbi.onDemand(EmailQueries.class);
        this.domains = jdbi.onDemand(DomainQueries.class);
        this.trackingTokens = trackingTokens;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.sandboxDailyLimit = settings.sandboxDailyLimit();
        this.systemFrom = settings.systemFrom();
        this.queueing = new EmailQueueing(transactions, jdbi, commands, dkimKeys, clock, wakeDelivery);
    }

    /** One email: accepted, or its refusal thrown. */
    public Accepted accept(AccountId account, EmailRequest request) {
        Result result = acceptAll(account, List.of(request)).get(0);
        if (result instanceof Refused refused) {
            throw refused.refusal();
        }
        return (Accepted) result;
    }

    /**
     * Checks each email on its own, then queues every accepted one in a single transaction (one
     * durable commit for a whole batch). One result per request, in order.
     */
    public List<Result> acceptAll(AccountId account, List<EmailRequest> requests) {
        List<Object> checked = new ArrayList<>(); // an OutgoingEmail, or the Refusal of its request
        for (EmailRequest request : requests) {
            try {
                checked.add(OutgoingEmail.of(request));
            } catch (Refusal refused) {
                checked.add(refused);
            }
        }
        List<OutgoingEmail> valid = checked.stream()
                .filter(OutgoingEmail.class::isInstance)
                .map(OutgoingEmail.class::cast)
                .toList();
        AccountView view = caches.account(account.value())
                .orElseThrow(() -> new Refusal.NotFound("account_not_found", "This account does not exist."));
        boolean sandboxMode = view.mode().equals("sandbox");
        // one Jdbi handle for the whole batch: the projections and queries inside reuse it
        return transactions.inTransaction(() -> jdbi.withHandle(unused -> {
            Allowance allowance = sandboxMode ? allowance(account, valid.size()) : Allowance.unlimited(clock.instant());
            Map<String, DomainView> senderDomains = senderDomains(account, valid);
            Set<String> addresses = new LinkedHashSet<>();
            valid.forEach(email -> {
                addresses.add(Addresses.key(email.fromAddress()));
                email.envelope().forEach(address -> addresses.add(Addresses.key(address)));
            });
            // one look-up of each list for the whole batch, in the transaction that holds the limit lock
            Set<String> confirmed = addresses.isEmpty() ? Set.of() : sandbox.confirmedAmong(account.value(), addresses);
            Set<String> suppressed =
                    addresses.isEmpty() ? Set.of() : suppressions.suppressedAmong(account.value(), addresses);
            List<SendingPolicy.Verdict> verdicts = SendingPolicy.judge(
                    valid.stream()
                            .map(email -> new SendingPolicy.Message(email.fromAddress(), email.envelope()))
                            .toList(),
                    new SendingPolicy.Account(
                            sandboxMode, confirmed, suppressed, verifiedDomains(senderDomains), allowance));
            List<Result> results = new ArrayList<>();
            int next = 0;
            for (Object item : checked) {
                if (item instanceof Refusal refused) {
                    results.add(new Refused(refused));
                    continue;
                }
                OutgoingEmail email = (OutgoingEmail) item;
                if (verdicts.get(next++) instanceof SendingPolicy.Accept accept) {
                    results.add(queueing.queue(
                            account,
                            email,
                            accept.skipped(),
                            new Kind(sandboxMode, false),
                            senderDomains.get(Addresses.domainOf(email.fromAddress())),
                            tracked(email, view)));
                } else {
                    results.add(new Refused(((SendingPolicy.Refuse) verdicts.get(next - 1)).refusal()));
                }
            }
            return results;
        }));
    }

    /** Postject's own mail to an account's address (e.g. a confirmation link): no rules, no limit. */
    public void sendSystemMail(AccountId account, String to, String subject, String text) {
        OutgoingEmail email = OutgoingEmail.system(systemFrom, to, subject, text);
        transactions.inTransaction(
                () -> queueing.queue(account, email, List.of(), new Kind(false, true), null, Tracked.NONE));
    }

    /** The verified domain of each sender's domain in the batch (null where it has none). */
    private Map<String, DomainView> senderDomains(AccountId account, List<OutgoingEmail> batch) {
        Map<String, DomainView> senderDomains = new HashMap<>();
        for (OutgoingEmail email : batch) {
            String domain = Addresses.domainOf(email.fromAddress());
            if (!senderDomains.containsKey(domain)) {
                senderDomains.put(
                        domain, domains.verified(account.value(), domain).orElse(null));
            }
        }
        return senderDomains;
    }

    private static Set<String> verifiedDomains(Map<String, DomainView> senderDomains) {
        return senderDomains.entrySet().stream()
                .filter(entry -> entry.getValue() != null)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** The email's own flags, else the account's defaults. */
    private Tracked tracked(OutgoingEmail email, AccountView account) {
        boolean opens = email.trackOpens() != null ? email.trackOpens() : account.trackOpens();
        boolean clicks = email.trackClicks() != null ? email.trackClicks() : account.trackClicks();
        return opens || clicks ? new Tracked(opens, clicks, trackingTokens, publicUrl.get()) : Tracked.NONE;
    }

    /**
     * How many more emails the sandbox account may send now, and when the oldest of the day frees
     * a place (looked up only when this batch could need it). Holds a per-account lock until the
     * transaction ends, so concurrent sends cannot overshoot the limit together.
     */
    private Allowance allowance(AccountId account, int batchSize) {
        transactions.lockUntilCommit(account.value());
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofDays(1));
        int remaining = sandboxDailyLimit - emails.countSince(account.value(), since, sandboxDailyLimit);
        Instant freesAt = remaining >= batchSize
                ? now
                : emails.oldestSince(account.value(), since).orElse(now).plus(Duration.ofDays(1));
        return new Allowance(remaining, sandboxDailyLimit, freesAt, now);
    }
}
