package dev.postject.service.sending;

import dev.postject.events.EmailId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A feedback report (ARF) said a recipient marked the email as spam. {@code reporter} may be null.
 * Answers whether it was recorded: false for an address the email was not sent to, or a complaint
 * already recorded for it.
 */
public record RecordComplaint(
        @TargetAggregateIdentifier EmailId emailId, String recipient, String feedbackType, String reporter) {}
