package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.ApiKeyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeKey(@TargetAggregateIdentifier AccountId accountId, ApiKeyId keyId) {}
