package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.ServerTokenId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeServerToken(@TargetAggregateIdentifier AccountId accountId, ServerTokenId tokenId) {}
