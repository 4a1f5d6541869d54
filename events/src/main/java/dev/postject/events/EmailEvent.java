package dev.postject.events;

/** The events of the {@code Email} aggregate: one accepted email's lifecycle. */
public sealed interface EmailEvent
        permits EmailQueued,
                EmailDelivered,
                EmailDeferred,
                EmailBounced,
                EmailFailed,
                EmailDelayed,
                EmailComplained,
                EmailOpened,
                EmailLinkClicked {
    EmailId emailId();

    AccountId accountId();
}
