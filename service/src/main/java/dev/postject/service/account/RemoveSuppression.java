package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Send to a suppressed address again. */
public record RemoveSuppression(@TargetAggregateIdentifier AccountId accountId, String email) {}
