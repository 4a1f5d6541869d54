package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An operator lets a paused account send again. */
public record ResumeSending(@TargetAggregateIdentifier AccountId accountId) {}
