package dev.postject.service.sending;

import dev.postject.events.EmailId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A delivery status notification said a server further on is still trying to deliver to one
 * recipient. Answers whether it was recorded: false for an address the email was not sent to, or one
 * already bounced.
 */
public record RecordReportedDelay(
        @TargetAggregateIdentifier EmailId emailId, String recipient, String status, String diagnostic) {}
