package dev.postject.service.platform.limits;

import dev.postject.events.AccountId;
import dev.postject.service.platform.text.Addresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Keeps Postject's own mail from being an abuse channel: a confirmation mail counts against the
 * address it goes to (across accounts, and across remove and re-add) and the account sending it;
 * a sign-up counts against its client address, so that accounts cannot be farmed for more mail.
 */
public final class OwnMailLimits {
    private final RateLimiter limiter;
    private final RateLimitSettings settings;

    public OwnMailLimits(RateLimiter limiter, RateLimitSettings settings) {
        this.limiter = limiter;
        this.settings = settings;
    }

    /**
     * Counts a confirmation mail from {@code account} to {@code address}, or throws 429. Call it in
     * the transaction that queues the mail: when that rolls back, nothing was counted.
     */
    public void countConfirmation(AccountId account, String address) {
        String toAddress = "confirmations:to:" + mailbox(address);
        String message = "Too many confirmation emails to this address; try again later.";
        limiter.take(List.of(
                new Limit(
                        toAddress,
                        settings.confirmationsPerAddressPerMinute(),
                        Duration.ofMinutes(1),
                        "too_many_confirmations_for_address",
                        message),
                new Limit(
                        toAddress,
                        settings.confirmationsPerAddressPerDay(),
                        Duration.ofDays(1),
                        "too_many_confirmations_for_address",
                        message),
                new Limit(
                        "confirmations:from:" + account.value(),
                        settings.confirmationsPerAccountPerHour(),
                        Duration.ofHours(1),
                        "too_many_confirmations_for_account",
                        "This account sent too many confirmation emails; try again later.")));
    }

    /**
     * Counts a reputation warning to the owner of {@code account}: true when it may be mailed,
     * false (nothing counted, nothing thrown) when the account had its share of them today. The
     * warning is in the ledger and the dashboard either way; the mail is a courtesy.
     */
    public boolean countReputationWarning(AccountId account) {
        return limiter.tryTake(List.of(new Limit(
                        "reputation-warnings:" + account.value(),
                        settings.reputationWarningsPerAccountPerDay(),
                        Duration.ofDays(1),
                        "too_many_reputation_warnings",
                        "This account was warned about its sending reputation often enough today.")))
                .isEmpty();
    }

    /** Counts a sign-up attempt from {@code clientIp} (unknown outside HTTP: not counted), or throws 429. */
    public void countSignUp(String clientIp) {
        if (clientIp == null) {
            return;
        }
        limiter.take(List.of(new Limit(
                "signups:from:" + network(clientIp),
                settings.signupsPerIpPerHour(),
                Duration.ofHours(1),
                "too_many_signups",
                "Too many sign-ups from this network; try again later.")));
    }

    /** The mailbox an address reaches: case and a {@code +tag} make no difference. */
    static String mailbox(String address) {
        String key = Addresses.key(address);
        int at = key.lastIndexOf('@');
        int plus = key.indexOf('+');
        return plus > 0 && plus < at ? key.substring(0, plus) + key.substring(at) : key;
    }

    /** An IPv4 address itself; an IPv6 address's /64, which one subscriber usually holds whole. */
    static String network(String clientIp) {
        if (!clientIp.contains(":")) {
            return clientIp;
        }
        try {
            InetAddress address = InetAddress.getByName(clientIp); // an IPv6 literal: parsed, never resolved
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                            .append(':');
                }
                return prefix.append(":/64").toString();
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return clientIp;
        }
    }
}
