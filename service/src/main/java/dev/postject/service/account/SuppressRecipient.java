package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.EmailId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stop sending to an address for this account ({@code emailId}: the email that bounced, if any). */
public record SuppressRecipient(
        @TargetAggregateIdentifier AccountId accountId, String email, String reason, EmailId emailId) {}
