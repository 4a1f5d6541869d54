package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take an address off the sandbox whitelist. */
public record RemoveSandboxEmail(@TargetAggregateIdentifier AccountId accountId, String email) {}
