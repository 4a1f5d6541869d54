package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The account's defaults for new emails: open and click tracking. */
@Revision("1")
public record AccountDefaultsChanged(AccountId accountId, boolean trackOpens, boolean trackClicks, Instant changedAt)
        implements AccountEvent {
    public AccountDefaultsChanged {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(trackOpens, "trackOpens");
        Objects.requireNonNull(trackClicks, "trackClicks");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
