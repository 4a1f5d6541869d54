package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Whitelist an address for sandbox mail and mail it a confirmation link (only the token's hash travels here). */
public record AddSandboxEmail(@TargetAggregateIdentifier AccountId accountId, String email, String tokenHash) {}
