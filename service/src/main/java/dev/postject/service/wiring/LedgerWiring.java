package dev.postject.service.wiring;

import dev.postject.events.EventJson;
import dev.postject.projections.accounts.AccountProjection;
import dev.postject.projections.apikeys.ApiKeyProjection;
import dev.postject.projections.auditlog.AuditLogProjection;
import dev.postject.projections.domains.DomainProjection;
import dev.postject.projections.emails.EmailProjection;
import dev.postject.projections.sandbox.SandboxEmailProjection;
import dev.postject.projections.servertokens.ServerTokenProjection;
import dev.postject.projections.stats.Reputation;
import dev.postject.projections.stats.StatsProjection;
import dev.postject.projections.suppressions.SuppressionProjection;
import dev.postject.projections.webhooks.WebhookProjection;
import dev.postject.service.account.Account;
import dev.postject.service.automation.WhenEmailBouncedThenSuppress;
import dev.postject.service.automation.WhenEmailComplainedThenSuppress;
import dev.postject.service.automation.WhenSandboxEmailDeliveredThenRecordIt;
import dev.postject.service.metrics.EmailCounters;
import dev.postject.service.platform.cache.CacheInvalidator;
import dev.postject.service.platform.cache.ChangeListener;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.platform.ledger.ReadModel;
import dev.postject.service.reputation.ReputationGuard;
import dev.postject.service.sending.Email;
import dev.postject.service.sending.EmailAcceptance;
import dev.postject.service.tasks.ReplayProjectionTask;
import dev.postject.service.webhooks.WebhookOutbox;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The ledger, its aggregates and everything it feeds. A new read model is one line in
 * {@link #readModels}: the ledger runs it, and the replay task (and its tests) can rebuild it.
 */
final class LedgerWiring {
    private LedgerWiring() {}

    static final List<Class<?>> AGGREGATES = List.of(Account.class, Email.class);

    /**
     * @param ownMail Postject's own send path (built after the ledger), for the mail of the
     *     reputation guard that the stats processor runs
     * @param emailCounters this node's metrics of emails and their outcomes
     */
    static List<ReadModel> readModels(
            Platform platform, Runnable wakeWebhooks, Supplier<EmailAcceptance> ownMail, EmailCounters emailCounters) {
        Jdbi jdbi = platform.jdbi();
        return List.of(
                ReadModel.inTransaction(ApiKeyProjection.GROUP, () -> new ApiKeyProjection(jdbi), "rm_api_keys"),
                ReadModel.inTransaction(
                        ServerTokenProjection.GROUP, () -> new ServerTokenProjection(jdbi), "rm_server_tokens"),
                ReadModel.inTransaction(AccountProjection.GROUP, () -> new AccountProjection(jdbi), "rm_accounts"),
                ReadModel.sideEffect(
                        CacheInvalidator.GROUP,
                        commands -> new CacheInvalidator(jdbi, platform.caches(), platform.transactions())),
                ReadModel.inTransaction(
                        SandboxEmailProjection.GROUP, () -> new SandboxEmailProjection(jdbi), "rm_sandbox_emails"),
                ReadModel.inTransaction(
                        SuppressionProjection.GROUP, () -> new SuppressionProjection(jdbi), "rm_suppressions"),
                ReadModel.inTransaction(DomainProjection.GROUP, () -> new DomainProjection(jdbi), "rm_domains"),
                ReadModel.inTransaction(
                        EmailProjection.GROUP,
                        () -> new EmailProjection(jdbi, EventJson.newMapper()),
                        "rm_emails",
                        "rm_email_recipients",
                        "rm_email_events"),
                ReadModel.inTransaction(WebhookProjection.GROUP, () -> new WebhookProjection(jdbi), "rm_webhooks"),
                ReadModel.sideEffect(
                        WebhookOutbox.GROUP,
                        commands -> new WebhookOutbox(
                                platform.transactions(), platform.caches(), jdbi, EventJson.newMapper(), wakeWebhooks)),
                ReadModel.sideEffect(
                        WhenEmailBouncedThenSuppress.GROUP,
                        commands -> new WhenEmailBouncedThenSuppress(
                                commands,
                                platform.transactions(),
                                jdbi,
                                platform.config().suppressions())),
                ReadModel.sideEffect(
                        WhenEmailComplainedThenSuppress.GROUP,
                        commands -> new WhenEmailComplainedThenSuppress(commands)),
                ReadModel.sideEffect(
                        WhenSandboxEmailDeliveredThenRecordIt.GROUP,
                        commands -> new WhenSandboxEmailDeliveredThenRecordIt(commands, platform.caches(), jdbi)),
                ReadModel.sideEffect(EmailCounters.GROUP, commands -> emailCounters),
                ReadModel.streaming(
                        AuditLogProjection.GROUP, () -> new AuditLogProjection(jdbi, EventJson.newMapper())),
                ReadModel.streaming(
                        StatsProjection.GROUP,
                        commands -> new StatsProjection(
                                jdbi,
                                new Reputation(platform.config().sending().reputationMinimumSends()),
                                new ReputationGuard(
                                        commands,
                                        platform.caches(),
                                        platform.ownMail(),
                                        platform.publicUrl(),
                                        ownMail)),
                        StatsProjection::sequencingKey));
    }

    static Ledger install(
            Platform platform, Runnable wakeWebhooks, Supplier<EmailAcceptance> ownMail, EmailCounters emailCounters) {
        Ledger ledger = new Ledger(
                platform.transactions(),
                platform.jdbi(),
                EventJson.newMapper(),
                platform.clock(),
                AGGREGATES,
                readModels(platform, wakeWebhooks, ownMail, emailCounters),
                platform.caches()::clear);
        platform.environment().lifecycle().manage(ledger);
        platform.environment().admin().addTask(new ReplayProjectionTask(ledger));
        platform.environment()
                .lifecycle()
                .manage(new ChangeListener(
                        platform.database().url(),
                        platform.database().user(),
                        platform.database().password(),
                        platform.caches(),
                        ledger::forgetAggregate,
                        ledger::forgetAggregates));
        return ledger;
    }
}
