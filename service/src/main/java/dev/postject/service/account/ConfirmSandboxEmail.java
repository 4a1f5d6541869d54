package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The address's owner opened the link carrying this token. */
public record ConfirmSandboxEmail(@TargetAggregateIdentifier AccountId accountId, String email, String tokenHash) {}
