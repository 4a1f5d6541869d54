package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.events.EmailQueued;
import dev.postject.service.domains.DkimKeys;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.db.GroupCommit;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.http.PublicUrl;
import dev.postject.service.platform.ledger.OneUnitOfWork;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.sending.EmailJudging.Send;
import dev.postject.service.sending.EmailQueueing.Kind;
import dev.postject.service.sending.EmailQueueing.Tracked;
import dev.postject.service.sending.SendingPolicy.Allowance;
import dev.postject.service.tracking.TrackingTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;

/**
 * Accepting emails, the one send path: each email checked (a request's fields by
 * {@link OutgoingEmail}, a whole message by {@link SubmittedMessage}), the account's state read,
 * the {@link SendingPolicy} asked, and each accepted email queued, all committed in one transaction
 * before the caller hears of it.
 *
 * <p>The rules read the read-your-writes models (whitelist, suppressions, mode) in the send's own
 * transaction rather than routing every email through the {@code Account} aggregate, which would
 * serialize all of an account's sends on one aggregate and lengthen its event stream by one event
 * per email. A sandbox account's daily limit holds under concurrency through its
 * {@link SandboxAllowance}.
 *
 * <p>Emails are judged, composed and signed before any transaction opens; a send of one email is
 * then queued through a {@link GroupCommit}: sends that arrive while another commits share the next
 * commit (and one unit of work of the ledger, {@link OneUnitOfWork}), each answered only once it
 * has committed. A sandbox send that does not fit in the room
 * known is judged in a transaction of its own, under the allowance's lock; a send made inside the
 * caller's transaction (with an {@code Idempotency-Key}) is judged and queued in it.
 */
public final class EmailAcceptance {
    private final Transactions transactions;
    private final Jdbi jdbi;
    private final PolicyInputs inputs;
    private final String systemFrom;
    private final String supportContact;
    private final EmailQueueing queueing;
    private final GroupCommit groups;
    private final GroupCommit sandboxGroups; // apart: a sandbox send may wait for its allowance's lock
    private final EmailJudging judging;

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
            DeliveryHandoff delivery) {
        this.transactions = transactions;
        this.jdbi = jdbi;
        this.inputs = new PolicyInputs(jdbi, caches, clock, settings.sandboxDailyLimit());
        this.systemFrom = settings.systemFrom();
        this.supportContact = settings.supportContact();
        this.queueing = new EmailQueueing(transactions, jdbi, commands, dkimKeys, clock, delivery);
        this.groups = new GroupCommit(transactions, OneUnitOfWork::run); // nothing in it reads its projections
        this.sandboxGroups = new GroupCommit(transactions);
        this.judging = new EmailJudging(inputs, queueing, trackingTokens, publicUrl);
    }

    /** One email from a credential that may send as {@code scope} allows: accepted, or its refusal thrown. */
    public Accepted accept(AccountId account, SendingScope scope, EmailRequest request) {
        return accepted(acceptAll(account, scope, List.of(request)).get(0));
    }

    /**
     * Checks each email on its own, then queues every accepted one in a single transaction (one
     * durable commit for a whole batch). One result per request, in order.
     */
    public List<Result> acceptAll(AccountId account, SendingScope scope, List<EmailRequest> requests) {
        return acceptAll(account, scope, requests, EmailQueued.API);
    }

    /**
     * As {@link #acceptAll(AccountId, SendingScope, List)}, for a way in named by {@code source} (an
     * {@link EmailQueued} source, e.g. {@link EmailQueued#POSTMARK}).
     */
    public List<Result> acceptAll(AccountId account, SendingScope scope, List<EmailRequest> requests, String source) {
        return acceptAll(account, scope, requests, source, false);
    }

    /**
     * All or none: every email accepted and queued in one transaction, or none of them, the first
     * refusal thrown as {@link OneRefused} (its position in {@code requests}). Nothing is written
     * when one is refused.
     */
    public List<Accepted> acceptEvery(
            AccountId account, SendingScope scope, List<EmailRequest> requests, String source) {
        return acceptAll(account, scope, requests, source, true).stream()
                .map(Accepted.class::cast)
                .toList();
    }

    private List<Result> acceptAll(
            AccountId account, SendingScope scope, List<EmailRequest> requests, String source, boolean allOrNone) {
        requireSending(account);
        if (requests.isEmpty()) {
            return List.of();
        }
        List<Object> checked = new ArrayList<>(); // an OutgoingEmail, or the Refusal of its request
        for (int i = 0; i < requests.size(); i++) {
            try {
                checked.add(OutgoingEmail.of(requests.get(i)));
            } catch (Refusal refused) {
                if (allOrNone) {
                    throw new OneRefused(i, refused);
                }
                checked.add(refused);
            }
        }
        return acceptChecked(account, scope, checked, source, allOrNone);
    }

    /** A whole message submitted over SMTP, under the same rules: accepted, or its refusal thrown. */
    public Accepted acceptSubmission(AccountId account, SendingScope scope, SubmittedMessage message) {
        requireSending(account);
        return accepted(acceptChecked(account, scope, List.of(message), EmailQueued.SMTP, false)
                .get(0));
    }

    /**
     * May the account send as {@code from} now (the sender rule, and room in a sandbox account's
     * daily allowance)? An early answer for a way in that hears of the sender first (SMTP's MAIL
     * FROM); the email is judged again, whole, when it is accepted.
     */
    public Optional<Refusal> checkSender(AccountId account, SendingScope scope, String from) {
        if (inputs.view(account).sendingPaused()) {
            return Optional.of(sendingPaused());
        }
        boolean sandboxMode = inputs.view(account).mode().equals("sandbox");
        Allowance allowance = sandboxMode ? inputs.sandboxAllowance().estimate(account) : inputs.unlimited();
        SendingPolicy.Account state = inputs.forSender(account, sandboxMode, from, allowance, scope);
        return SendingPolicy.judgeSender(from, state).or(() -> SendingPolicy.judgeAllowance(state));
    }

    /** One recipient, on its own (SMTP's RCPT TO): an early answer, as {@link #checkSender}. */
    public SendingPolicy.RecipientVerdict checkRecipient(AccountId account, String address) {
        boolean sandboxMode = inputs.view(account).mode().equals("sandbox");
        SendingPolicy.Account state = inputs.account(
                account, sandboxMode, Set.of(Addresses.key(address)), Map.of(), inputs.unlimited(), SendingScope.ANY);
        return SendingPolicy.judgeRecipient(address, state);
    }

    /** Postject's own mail to an account's address (e.g. a confirmation link): no rules, no limit. */
    public void sendSystemMail(AccountId account, String to, String subject, String text) {
        OutgoingEmail email = OutgoingEmail.system(systemFrom, to, subject, text);
        transactions.inTransaction(() ->
                queueing.queue(account, email, List.of(), new Kind(false, EmailQueued.SYSTEM), null, Tracked.NONE));
    }

    /**
     * Refuses every email of an account whose sending an operator paused, before anything is judged
     * or queued: from this node's cached account view (evicted on every node when the pause commits),
     * so the check costs no query. Postject's own mail to the account ({@link #sendSystemMail}) is
     * not refused; nor are emails queued before the pause, which are still delivered.
     */
    private void requireSending(AccountId account) {
        if (inputs.view(account).sendingPaused()) {
            throw sendingPaused();
        }
    }

    private Refusal sendingPaused() {
        return new Refusal.Forbidden(
                "sending_paused",
                "A Postject operator paused sending for this account: no email is accepted until it is resumed."
                        + " The reason is on the account (GET /v1/account, or the dashboard); to ask about it, write"
                        + " to " + supportContact + ".");
    }

    private static Accepted accepted(Result result) {
        if (result instanceof Refused refused) {
            throw refused.refusal();
        }
        return (Accepted) result;
    }

    /** Judges and queues the checked emails (each a {@link Sendable} or the refusal of its request). */
    private List<Result> acceptChecked(
            AccountId account, SendingScope scope, List<Object> checked, String source, boolean allOrNone) {
        Send send = new Send(account, scope, checked, inputs.view(account), source, allOrNone);
        if (!send.sandboxMode()) {
            if (transactions.isActive()) { // joined: judged and queued in the caller's transaction
                return transactions.inTransaction(() -> judgeAndQueue(send, inputs.unlimited()));
            }
            List<Object> judged = judging.judge(send, inputs.unlimited());
            return queueAhead(groups, send, () -> queueAll(judged));
        }
        SandboxAllowance limit = inputs.sandboxAllowance();
        if (!transactions.isActive()) {
            // the emails fit in the room known: taken from it just before the commit, no lock before
            Optional<Integer> room = limit.knownRoom(account)
                    .filter(known -> known >= send.valid().size());
            if (room.isPresent()) {
                List<Object> judged = judging.judge(send, limit.fitting(room.get()));
                try {
                    return queueAhead(sandboxGroups, send, () -> {
                        List<Result> results = queueAll(judged);
                        if (!limit.take(account, accepted(results))) {
                            throw new Overdrawn();
                        }
                        return results;
                    });
                } catch (Overdrawn concurrentSendsTookTheRoom) {
                    // rolled back: judged again below, against an exact count
                }
            }
        }
        return transactions.inTransaction(() -> {
            List<Result> results =
                    judgeAndQueue(send, limit.lockAndCount(account, send.valid().size()));
            if (!limit.recount(account)) {
                throw new IllegalStateException("The sandbox allowance was overdrawn under its lock");
            }
            return results;
        });
    }

    /**
     * Queues a send judged, composed and signed before any transaction opened: one email in a
     * transaction shared with concurrent sends' ({@code groups}), more in one of their own.
     */
    private List<Result> queueAhead(GroupCommit groups, Send send, Supplier<List<Result>> queue) {
        return send.checked().size() == 1
                ? groups.inTransaction(RequestContext.carried(queue))
                : transactions.inTransaction(queue);
    }

    /** Thrown to roll back a send whose emails concurrent sends left no room for. */
    private static final class Overdrawn extends RuntimeException {
        Overdrawn() {
            super(null, null, false, false);
        }
    }

    private static int accepted(List<Result> results) {
        return (int) results.stream().filter(Accepted.class::isInstance).count();
    }

    /** In the open transaction: each email judged and the accepted queued. */
    private List<Result> judgeAndQueue(Send send, Allowance allowance) {
        // one Jdbi handle for the reads and the writes: the projections and queries inside reuse it
        return jdbi.withHandle(unused -> queueAll(judging.judge(send, allowance)));
    }

    /** In the open transaction: each prepared email queued; one result per judged request, in order. */
    private List<Result> queueAll(List<Object> judged) {
        // one Jdbi handle for the whole batch (or the caller's): the projections and queries inside reuse it
        return jdbi.withHandle(unused -> {
            List<Result> results = new ArrayList<>(judged.size());
            for (Object item : judged) {
                results.add(item instanceof EmailQueueing.Prepared email ? queueing.write(email) : (Result) item);
            }
            return results;
        });
    }
}
