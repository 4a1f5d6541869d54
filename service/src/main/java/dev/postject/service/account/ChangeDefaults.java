package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** New defaults for the account's emails; a null flag stays as it is. */
public record ChangeDefaults(@TargetAggregateIdentifier AccountId accountId, Boolean trackOpens, Boolean trackClicks) {}
