package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.EmailId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Stop sending to an address for this account. {@code reason} is one of {@code RecipientSuppressed}'s;
 * {@code emailId} the email that caused it, if any; {@code bounceType} and {@code subtype} the
 * bounce that caused it, null when none did.
 */
public record SuppressRecipient(
        @TargetAggregateIdentifier AccountId accountId,
        String email,
        String reason,
        EmailId emailId,
        String bounceType,
        String subtype) {}
