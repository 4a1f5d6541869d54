package dev.postject.service.sending;

import dev.postject.events.EmailId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A recipient opened the email ({@code url} null) or followed one of its tracked links. */
public record RecordEngagement(
        @TargetAggregateIdentifier EmailId emailId, String recipient, String url, String userAgent) {}
