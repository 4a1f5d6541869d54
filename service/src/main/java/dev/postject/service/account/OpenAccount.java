package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record OpenAccount(
        @TargetAggregateIdentifier AccountId accountId, String name, UserId ownerId, String ownerEmail) {}
