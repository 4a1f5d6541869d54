package dev.postject.service.mail.reports;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A delivery status notification: the per-message fields of RFC 3464 and one entry per recipient
 * it reports on, however the reporting server wrote it ({@link #form}).
 *
 * @param form the structure it was read from
 * @param reportingMta the server that wrote the report ({@code Reporting-MTA} without its type, or
 *     the host a plain-text bounce names); null when it does not say
 * @param arrivalDate when that server received the message; null when absent or unreadable
 * @param recipients at most {@link DeliveryReports#MAX_RECIPIENTS}; empty when none could be read
 * @param original the returned message or its headers, when the report includes them
 */
public record Dsn(
        DsnForm form,
        String reportingMta,
        Instant arrivalDate,
        List<DsnRecipient> recipients,
        Optional<OriginalMessage> original)
        implements DeliveryReport {
    public Dsn {
        Objects.requireNonNull(form, "form");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(original, "original");
    }
}
