package dev.postject.service.account;

import dev.postject.events.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RequestProductionAccess(
        @TargetAggregateIdentifier AccountId accountId, String useCase, String website) {}
