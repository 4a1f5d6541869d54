package dev.postject.service.auth;

import dev.postject.events.Actor;
import dev.postject.projections.accounts.AccountView;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.limits.ApiLimitSettings;
import dev.postject.service.platform.limits.LeasedQuotas;
import dev.postject.service.platform.limits.Quota;
import dev.postject.service.platform.limits.QuotaStanding;
import dev.postject.service.platform.limits.RateLimitSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How fast a caller may send and call the API: per one-minute window, the account's quota and the
 * credential's own (an API key, a server token, or the dashboard user), from the account's mode's
 * settings; both count every use, HTTP and SMTP, on every node. A platform admin has none.
 */
public final class CallerLimits {
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** What a use is: an email sent, or any other authenticated request. */
    public enum Kind {
        SENDS,
        REQUESTS
    }

    private final LeasedQuotas quotas;
    private final ReadModelCaches caches;
    private final RateLimitSettings settings;

    public CallerLimits(LeasedQuotas quotas, ReadModelCaches caches, RateLimitSettings settings) {
        this.quotas = quotas;
        this.caches = caches;
        this.settings = settings;
    }

    /** The caller's quotas of this kind: the account's, then the credential's (none for an admin). */
    public List<Quota> quotasOf(Caller caller, Kind kind) {
        if (caller.accountId() == null) {
            return List.of();
        }
        String account = caller.accountId().value();
        boolean production = caches.account(account)
                .map(AccountView::mode)
                .filter("production"::equals)
                .isPresent();
        ApiLimitSettings limits = production ? settings.production() : settings.sandbox();
        String kindName = kind.name().toLowerCase(Locale.ROOT);
        Actor actor = caller.actor();
        return List.of(
                new Quota(
                        "account-" + kindName,
                        kindName + ":account:" + account,
                        kind == Kind.SENDS ? limits.sendsPerAccountPerMinute() : limits.requestsPerAccountPerMinute(),
                        WINDOW),
                new Quota(
                        "credential-" + kindName,
                        kindName + ":" + actor.type().name().toLowerCase(Locale.ROOT) + ":" + actor.id(),
                        kind == Kind.SENDS
                                ? limits.sendsPerCredentialPerMinute()
                                : limits.requestsPerCredentialPerMinute(),
                        WINDOW));
    }

    /**
     * Counts {@code uses} against these quotas (all or none). Refused: the outcome names the quota;
     * {@link #refusal} says it to the client.
     */
    public LeasedQuotas.Outcome take(List<Quota> of, int uses) {
        return quotas.take(of, uses);
    }

    /** Where these quotas stand on this node, counting nothing. */
    public List<QuotaStanding> standings(List<Quota> of) {
        return quotas.standings(of);
    }

    /** Undoes a {@link #take} of {@code uses} that went through (within its window). */
    public void giveBack(List<Quota> of, int uses) {
        quotas.giveBack(of, uses);
    }

    /** 422 when {@code emails} sent at once are more than one of these quotas allows in a window. */
    static void requireFits(List<Quota> of, int emails) {
        for (Quota quota : of) {
            if (emails > quota.max()) {
                throw new Refusal.Invalid(
                        "batch_over_rate_limit",
                        "These " + emails + " emails are more than " + whose(quota) + " may send in a minute ("
                                + quota.max() + "); send them in smaller batches.",
                        "batch");
            }
        }
    }

    /** The 429 of a refused outcome: the code, the quota that ran out, and when it refills. */
    public static Refusal.RateLimited refusal(QuotaStanding refused) {
        Quota quota = refused.quota();
        boolean sends = quota.policy().endsWith("sends");
        return new Refusal.RateLimited(
                sends ? "too_many_sends" : "too_many_requests",
                (sends ? "Too many emails: " : "Too many requests: ") + whose(quota) + " may "
                        + (sends ? "send " + quota.max() + " emails" : "make " + quota.max() + " requests")
                        + " per minute (policy \"" + quota.policy() + "\").",
                refused.resetSeconds());
    }

    private static String whose(Quota quota) {
        return quota.policy().startsWith("account") ? "this account" : "this credential";
    }
}
