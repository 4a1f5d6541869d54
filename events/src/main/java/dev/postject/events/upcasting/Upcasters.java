package dev.postject.events.upcasting;

import java.util.List;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/** Every upcaster of the ledger's events, in the order they apply: what the event store reads through. */
public final class Upcasters {
    private Upcasters() {}

    public static List<EventUpcaster> all() {
        return List.of(
                new EmailQueuedUpcaster(),
                new EmailBouncedUpcaster(),
                new RecipientSuppressedUpcaster(),
                new ApiKeyCreatedUpcaster());
    }
}
