package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.domains.DomainView;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.http.PublicUrl;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.sending.EmailQueueing.Kind;
import dev.postject.service.sending.EmailQueueing.Tracked;
import dev.postject.service.sending.SendingPolicy.Allowance;
import dev.postject.service.tracking.TrackingTokens;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judging a send's checked emails by the {@link SendingPolicy} against the account's state read by
 * {@link PolicyInputs}, and preparing each accepted one to be queued ({@link EmailQueueing#prepare}:
 * composed and signed, tracked as the email or the account asks). Writes nothing.
 */
final class EmailJudging {
    private final PolicyInputs inputs;
    private final EmailQueueing queueing;
    private final TrackingTokens trackingTokens;
    private final PublicUrl publicUrl;

    EmailJudging(PolicyInputs inputs, EmailQueueing queueing, TrackingTokens trackingTokens, PublicUrl publicUrl) {
        this.inputs = inputs;
        this.queueing = queueing;
        this.trackingTokens = trackingTokens;
        this.publicUrl = publicUrl;
    }

    /**
     * One send's emails: each checked one a {@link Sendable} or the {@link Refusal} of its request,
     * from a credential that may send as {@code scope} allows, through the way in named by {@code
     * source}; all or none accepted when {@code allOrNone}.
     */
    record Send(
            AccountId account,
            SendingScope scope,
            List<Object> checked,
            AccountView view,
            String source,
            boolean allOrNone) {
        /** The sendable ones, in order. */
        List<Sendable> valid() {
            return checked.stream()
                    .filter(Sendable.class::isInstance)
                    .map(Sendable.class::cast)
                    .toList();
        }

        boolean sandboxMode() {
            return view.mode().equals("sandbox");
        }
    }

    /**
     * Each email judged against the account and {@code allowance}, and each accepted one prepared
     * to be queued: for each request, its {@link EmailAcceptance.Refused} or its {@link EmailQueueing.Prepared}.
     * Reads, and writes nothing: in a transaction or not.
     */
    List<Object> judge(Send send, Allowance allowance) {
        AccountId account = send.account();
        boolean sandboxMode = send.sandboxMode();
        List<Sendable> valid = send.valid();
        Set<String> senders = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        valid.forEach(email -> {
            senders.add(email.fromAddress());
            senders.add(email.envelopeFrom());
            addresses.add(Addresses.key(email.fromAddress()));
            addresses.add(Addresses.key(email.envelopeFrom()));
            email.envelope().forEach(address -> addresses.add(Addresses.key(address)));
        });
        Map<String, DomainView> senderDomains = inputs.senderDomains(account, senders);
        List<SendingPolicy.Verdict> verdicts = SendingPolicy.judge(
                valid.stream()
                        .map(email ->
                                new SendingPolicy.Message(email.fromAddress(), email.envelopeFrom(), email.envelope()))
                        .toList(),
                inputs.account(account, sandboxMode, addresses, senderDomains, allowance, send.scope()));
        if (send.allOrNone()) {
            for (int i = 0; i < verdicts.size(); i++) {
                if (verdicts.get(i) instanceof SendingPolicy.Refuse refused) {
                    throw new OneRefused(i, refused.refusal()); // nothing queued yet: the transaction rolls back
                }
            }
        }
        List<Object> judged = new ArrayList<>(send.checked().size());
        int next = 0;
        for (Object item : send.checked()) {
            if (item instanceof Refusal refused) {
                judged.add(new EmailAcceptance.Refused(refused));
                continue;
            }
            Sendable email = (Sendable) item;
            SendingPolicy.Verdict verdict = verdicts.get(next++);
            if (verdict instanceof SendingPolicy.Accept accept) {
                judged.add(queueing.prepare(
                        account,
                        email,
                        accept.skipped(),
                        new Kind(sandboxMode, send.source()),
                        senderDomains.get(Addresses.domainOf(email.fromAddress())),
                        tracked(email, send.view())));
            } else {
                judged.add(new EmailAcceptance.Refused(((SendingPolicy.Refuse) verdict).refusal()));
            }
        }
        return judged;
    }

    /** The email's own flags, else the account's defaults. */
    private Tracked tracked(Sendable email, AccountView account) {
        boolean opens = email.trackOpens() != null ? email.trackOpens() : account.trackOpens();
        boolean clicks = email.trackClicks() != null ? email.trackClicks() : account.trackClicks();
        return opens || clicks ? new Tracked(opens, clicks, trackingTokens, publicUrl.get()) : Tracked.NONE;
    }
}
