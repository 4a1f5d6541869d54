package dev.postject.service.wiring;

import dev.postject.service.platform.jobs.QueueWorkers;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.platform.net.Dns;
import dev.postject.service.webhooks.WebhookDispatcher;
import dev.postject.service.webhooks.WebhookSettings;
import dev.postject.service.webhooks.WebhookUrls;
import dev.postject.service.webhooks.Webhooks;
import java.time.Duration;

/** Webhook endpoints, the outbox's workers and the dispatcher that sends it. */
final class WebhooksWiring {
    private WebhooksWiring() {}

    /** The dispatcher's workers: the outbox (a read model of the ledger) wakes them. */
    static QueueWorkers workers() {
        return new QueueWorkers("postject-webhooks", Duration.ofSeconds(1));
    }

    static Webhooks install(Platform platform, Ledger ledger, QueueWorkers workers, Dns dns) {
        WebhookSettings settings = platform.config().webhooks();
        WebhookUrls urls = new WebhookUrls(dns, settings.allowPrivate());
        Webhooks webhooks = new Webhooks(
                platform.transactions(),
                platform.jdbi(),
                ledger.commands(),
                platform.secrets(),
                urls,
                platform.clock(),
                workers::wake);
        platform.environment()
                .lifecycle()
                .manage(new WebhookDispatcher(
                        platform.jdbi(),
                        platform.transactions(),
                        ledger.commands(),
                        webhooks,
                        urls,
                        platform.clock(),
                        workers,
                        settings.concurrency()));
        return webhooks;
    }
}
