package dev.postject.service.sending;

import dev.postject.events.EmailId;
import dev.postject.service.mail.reports.BounceClassification;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A delivery status notification came back: mail to one recipient failed after a server had
 * accepted it. {@code status} (e.g. {@code 5.1.1}) may be null. Answers whether it was recorded:
 * false for an address the email was not sent to, or one already bounced.
 */
public record RecordReportedBounce(
        @TargetAggregateIdentifier EmailId emailId,
        String recipient,
        BounceClassification bounce,
        String status,
        String diagnostic) {}
