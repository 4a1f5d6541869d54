package dev.postject.service.reputation;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.SendingReputationAtRisk;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.stats.ReputationAlarm;
import dev.postject.service.account.RecordReputationAtRisk;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.http.PublicUrl;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.limits.OwnMailLimits;
import dev.postject.service.sending.EmailAcceptance;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when the stats processor sees a production account's rate cross a threshold: the
 * account's ledger records {@code SendingReputationAtRisk} (the system is the actor) and its owner
 * is mailed, through Postject's own mail path and within its own-mail limits, all in the
 * processor's transaction. Operators see the warning in the admin dashboard and may pause the
 * account's sending.
 */
public final class ReputationGuard implements ReputationAlarm {
    private static final Logger LOG = LoggerFactory.getLogger(ReputationGuard.class);

    private final CommandGateway commands;
    private final ReadModelCaches caches;
    private final OwnMailLimits limits;
    private final PublicUrl publicUrl;
    private final Supplier<EmailAcceptance> sending;

    /**
     * @param sending the send path the owner's warning takes: built after the ledger that feeds this
     *     guard, and there before any processor starts
     */
    public ReputationGuard(
            CommandGateway commands,
            ReadModelCaches caches,
            OwnMailLimits limits,
            PublicUrl publicUrl,
            Supplier<EmailAcceptance> sending) {
        this.commands = commands;
        this.caches = caches;
        this.limits = limits;
        this.publicUrl = publicUrl;
        this.sending = sending;
    }

    @Override
    public void atRisk(AccountId account, String metric, double rate, double threshold, int sends, Instant at) {
        RequestContext.runAs(Actor.SYSTEM, null, () -> {
            Boolean recorded =
                    commands.sendAndWait(new RecordReputationAtRisk(account, metric, rate, threshold, sends, at));
            if (Boolean.TRUE.equals(recorded)) {
                mailOwner(account, metric, rate, threshold, sends);
            }
            return null;
        });
    }

    private void mailOwner(AccountId account, String metric, double rate, double threshold, int sends) {
        Optional<AccountView> view = caches.account(account.value());
        EmailAcceptance mail = sending.get();
        if (view.isEmpty() || mail == null) {
            return;
        }
        if (!limits.countReputationWarning(account)) {
            LOG.info("Reputation warning for {} recorded; its owner had enough such mail today", account.value());
            return;
        }
        boolean bounces = metric.equals(SendingReputationAtRisk.BOUNCE_RATE);
        String what = bounces ? "bounce rate" : "complaint rate";
        String name = view.get().name();
        mail.sendSystemMail(
                account,
                view.get().ownerEmail(),
                "Sending reputation at risk for " + name + ": " + what + " " + percent(rate),
                "The " + what + " of your Postject account " + name + " is " + percent(rate) + " over its last "
                        + sends + " sends, at or above the " + percent(threshold) + " that receivers tolerate.\n\n"
                        + (bounces
                                ? "Hard bounces mean addresses that do not exist: send only to addresses that asked"
                                        + " for your mail and that you confirmed, and clean your lists."
                                : "Complaints mean recipients marked your mail as spam: send only what they asked"
                                        + " for, and make unsubscribing easy.")
                        + "\n\nIf the rate stays high, Postject's operators may pause the account's sending."
                        + "\nSee the rates and your sending over time: " + publicUrl.get() + "/#/overview\n");
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
