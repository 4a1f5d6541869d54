package dev.postject.service.sending;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The send rules, as a pure function of what the account is at the moment of sending: a sender on
 * a verified domain (or, in sandbox mode, a confirmed sandbox address); in sandbox mode every
 * recipient (to, cc and bcc) a confirmed sandbox address and at most the daily allowance; the
 * account's suppressed recipients skipped, and an email with none left refused. Knows nothing of
 * HTTP, SQL or the ledger: each way in answers a refusal in its own terms.
 */
public final class SendingPolicy {
    private SendingPolicy() {}

    /**
     * What the rules read of an account. Addresses are comparison keys ({@link Addresses#key}),
     * domains lower case.
     *
     * @param confirmed its confirmed sandbox addresses (among those the emails name)
     * @param suppressed its suppressed addresses (among those the emails name)
     * @param verifiedDomains its verified sending domains (among the emails' senders' domains)
     */
    public record Account(
            boolean sandbox,
            Set<String> confirmed,
            Set<String> suppressed,
            Set<String> verifiedDomains,
            Allowance allowance) {}

    /**
     * How many more emails the account may send in the rolling day, and when the next one frees up.
     * Unlimited outside sandbox mode.
     */
    public record Allowance(int remaining, int dailyLimit, Instant freesAt, Instant now) {
        public static Allowance unlimited(Instant now) {
            return new Allowance(Integer.MAX_VALUE, Integer.MAX_VALUE, now, now);
        }
    }

    /** One email as the rules see it: its sender's bare address and every recipient's, to, cc, bcc. */
    public record Message(String from, List<String> envelope) {}

    /** Accepted (sent to every recipient but the {@code skipped} suppressed ones) or refused. */
    public sealed interface Verdict permits Accept, Refuse {}

    public record Accept(List<String> skipped) implements Verdict {}

    public record Refuse(Refusal refusal) implements Verdict {}

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
        String sender = Addresses.key(message.from());
        if (!account.verifiedDomains().contains(Addresses.domainOf(sender))
                && !(account.sandbox() && account.confirmed().contains(sender))) {
            return refuse(new Refusal.Forbidden(
                    "sender_not_verified",
                    "'from' must be on a verified domain of the account, or (in sandbox mode) a confirmed sandbox"
                            + " address."));
        }
        if (account.sandbox()) {
            List<String> unconfirmed = new ArrayList<>(new LinkedHashSet<>(message.envelope().stream()
                    .filter(address -> !account.confirmed().contains(Addresses.key(address)))
                    .toList()));
            if (!unconfirmed.isEmpty()) {
                return refuse(new Refusal.Forbidden(
                        "sandbox_recipient_not_allowed",
                        "In sandbox mode every recipient (to, cc and bcc) must be a confirmed sandbox address.",
                        Map.of("recipients", unconfirmed)));
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
