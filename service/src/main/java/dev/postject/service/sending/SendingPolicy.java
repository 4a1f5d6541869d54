package dev.postject.service.sending;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The send rules, as a pure function of what the account is at the moment of sending: a sender on
 * a verified domain (or, in sandbox mode, a confirmed sandbox address); in sandbox mode every
 * recipient (to, cc and bcc) a confirmed sandbox address and at most the daily allowance; the
 * account's suppressed recipients skipped, and an email with none left refused. Knows nothing of
 * HTTP, SMTP, SQL or the ledger: each way in answers a refusal in its own terms. A way in that
 * builds an email step by step (SMTP's MAIL FROM and RCPT TO) asks the same rules of each step
 * ({@link #judgeSender}, {@link #judgeAllowance}, {@link #judgeRecipient}), and the whole email
 * again when it is complete.
 */
public final class SendingPolicy {
    /** Recipients of one email, to, cc and bcc together, whichever way it comes in. */
    public static final int MAX_RECIPIENTS = 50;

    /** What one email may carry, whichever way it comes in (over SMTP: the whole message, as sent). */
    public static final long MAX_BYTES = 10L * 1024 * 1024;

    private SendingPolicy() {}

    /**
     * What the rules read of an account. Addresses are comparison keys ({@link Addresses#key}),
     * domains lower case.
     *
     * @param confirmed its confirmed sandbox addresses (among those the emails name)
     * @param suppressed its suppressed addresses (among those the emails name)
     * @param verifiedDomains its verified sending domains (among the emails' senders' domains)
     * @param domainLimit the one domain the credential may send from; null for any the account may
     */
    public record Account(
            boolean sandbox,
            Set<String> confirmed,
            Set<String> suppressed,
            Set<String> verifiedDomains,
            Allowance allowance,
            DomainLimit domainLimit) {

        /** As a credential that may send as any sender of the account sees it. */
        public Account(
                boolean sandbox,
                Set<String> confirmed,
                Set<String> suppressed,
                Set<String> verifiedDomains,
                Allowance allowance) {
            this(sandbox, confirmed, suppressed, verifiedDomains, allowance, null);
        }
    }

    /**
     * An API key limited to one domain ({@code domain}, lower case): it sends only from addresses of
     * that domain exactly (not a subdomain), and nothing at all unless the domain it was limited to
     * is {@code verified} now: still the account's (not removed, nor added again since) and verified.
     */
    public record DomainLimit(String domain, boolean verified) {}

    /**
     * How many more emails the account may send in the rolling day, and when the next one frees up.
     * Unlimited outside sandbox mode.
     */
    public record Allowance(int remaining, int dailyLimit, Instant freesAt, Instant now) {
        public static Allowance unlimited(Instant now) {
            return new Allowance(Integer.MAX_VALUE, Integer.MAX_VALUE, now, now);
        }
    }

    /**
     * One email as the rules see it: its sender's bare address (the From header's), the envelope
     * sender that bounces go to (the same unless the way in gives one of its own, as SMTP's MAIL
     * FROM), and every recipient's, to, cc, bcc.
     */
    public record Message(String from, String envelopeFrom, List<String> envelope) {
        public Message(String from, List<String> envelope) {
            this(from, from, envelope);
        }
    }

    /** Accepted (sent to every recipient but the {@code skipped} suppressed ones) or refused. */
    public sealed interface Verdict permits Accept, Refuse {}

    public record Accept(List<String> skipped) implements Verdict {}

    public record Refuse(Refusal refusal) implements Verdict {}

    /**
     * One recipient on its own, for a way in that names them one by one (SMTP's RCPT TO): refused
     * (with the refusal an email naming it would get), or allowed, and then perhaps suppressed (an
     * email skips it, and is refused when it names no other).
     */
    public record RecipientVerdict(Refusal refusal, boolean suppressed) {
        public boolean allowed() {
            return refusal == null;
        }
    }

    /** Each email in order, each accepted one counting against the allowance of those after it. */
    public static List<Verdict> judge(List<Message> messages, Account account) {
        List<Verdict> verdicts = new ArrayList<>();
        int remaining = account.allowance().remaining();
        for (Message message : messages) {
            Verdict verdict = judge(message, account, remaining);
            if (verdict instanceof Accept) {
                remaining--;
            }
            verdicts.add(verdict);
        }
        return verdicts;
    }

    /** One email, with {@code remaining} emails left in the allowance. */
    static Verdict judge(Message message, Account account, int remaining) {
        for (String sender : new LinkedHashSet<>(List.of(message.from(), message.envelopeFrom()))) {
            Optional<Refusal> refused = judgeSender(sender, account);
            if (refused.isPresent()) {
                return refuse(refused.get());
            }
        }
        if (account.sandbox()) {
            List<String> unconfirmed = new ArrayList<>(new LinkedHashSet<>(message.envelope().stream()
                    .filter(address -> !confirmed(address, account))
                    .toList()));
            if (!unconfirmed.isEmpty()) {
                return refuse(notConfirmed(unconfirmed));
            }
            if (remaining <= 0) {
                return refuse(dailyLimitReached(account.allowance()));
            }
        }
        List<String> skipped = message.envelope().stream()
                .filter(address -> account.suppressed().contains(Addresses.key(address)))
                .toList();
        if (skipped.size() == message.envelope().size()) {
            return refuse(new Refusal.Invalid(
                    "recipients_suppressed", "Every recipient is on the account's suppression list.", "to"));
        }
        return new Accept(skipped);
    }

    /**
     * The sender rule alone: on the credential's domain if it is limited to one, and on a verified
     * domain, or (in sandbox mode, for a credential limited to no domain) a confirmed sandbox address.
     */
    public static Optional<Refusal> judgeSender(String from, Account account) {
        String sender = Addresses.key(from);
        DomainLimit limit = account.domainLimit();
        if (limit != null) {
            if (!Addresses.domainOf(sender).equals(limit.domain())) {
                return Optional.of(new Refusal.Forbidden(
                        "sender_domain_not_allowed",
                        "This API key may only send from addresses @" + limit.domain() + " ('from' and any"
                                + " envelope sender).",
                        Map.of("domain", limit.domain())));
            }
            if (!limit.verified()) {
                return Optional.of(new Refusal.Forbidden(
                        "key_domain_not_verified",
                        "This API key is limited to " + limit.domain() + ", which is not a verified domain of"
                                + " the account now: the key sends nothing until the domain is verified again.",
                        Map.of("domain", limit.domain())));
            }
        }
        if (account.verifiedDomains().contains(Addresses.domainOf(sender))
                || (account.sandbox() && account.confirmed().contains(sender))) {
            return Optional.empty();
        }
        return Optional.of(new Refusal.Forbidden(
                "sender_not_verified",
                "'from' must be on a verified domain of the account, or (in sandbox mode) a confirmed sandbox"
                        + " address."));
    }

    /** Whether one more email fits the allowance (always, outside sandbox mode). */
    public static Optional<Refusal> judgeAllowance(Account account) {
        return account.sandbox() && account.allowance().remaining() <= 0
                ? Optional.of(dailyLimitReached(account.allowance()))
                : Optional.empty();
    }

    /** The recipient rules for one address: confirmed in sandbox mode; suppressed or not. */
    public static RecipientVerdict judgeRecipient(String address, Account account) {
        if (account.sandbox() && !confirmed(address, account)) {
            return new RecipientVerdict(notConfirmed(List.of(address)), false);
        }
        return new RecipientVerdict(null, account.suppressed().contains(Addresses.key(address)));
    }

    private static boolean confirmed(String address, Account account) {
        return account.confirmed().contains(Addresses.key(address));
    }

    private static Refusal notConfirmed(List<String> unconfirmed) {
        return new Refusal.Forbidden(
                "sandbox_recipient_not_allowed",
                "In sandbox mode every recipient (to, cc and bcc) must be a confirmed sandbox address.",
                Map.of("recipients", unconfirmed));
    }

    private static Refusal dailyLimitReached(Allowance allowance) {
        long retryAfter = Math.max(
                1, Duration.between(allowance.now(), allowance.freesAt()).toSeconds() + 1);
        return new Refusal.RateLimited(
                "sandbox_limit_reached",
                "Sandbox accounts may send " + allowance.dailyLimit() + " emails per 24 hours.",
                retryAfter);
    }

    private static Verdict refuse(Refusal refusal) {
        return new Refuse(refusal);
    }
}
