package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Mail a fresh confirmation link; the previous one stops working. */
public record ResendSandboxConfirmation(
        @TargetAggregateIdentifier AccountId accountId, String email, String tokenHash) {}
