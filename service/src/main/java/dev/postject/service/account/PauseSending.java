package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An operator stops the account's sending, for a reason the owner is shown. */
public record PauseSending(@TargetAggregateIdentifier AccountId accountId, String reason) {}
