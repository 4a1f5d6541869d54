package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An operator's decision on a pending request; a rejection carries its reason (null on approval). */
public record DecideProductionAccess(
        @TargetAggregateIdentifier AccountId accountId, boolean approve, String reason) {}
