package dev.postject.service.webhooks;

import java.util.List;

/** The event types an endpoint can subscribe to. */
public final class WebhookEventTypes {
    public static final List<String> ALL = List.of(
            "email.queued",
            "email.delivered",
            "email.deferred",
            "email.bounced",
            "email.failed",
            "email.delayed",
            "email.complained",
            "email.opened",
            "email.clicked",
            "domain.verified",
            "account.production_approved");

    private WebhookEventTypes() {}
}
