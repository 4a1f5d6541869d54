package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.ApiKeyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record in the ledger that a key passed its expiry. Sent by the expiry sweep. */
public record ExpireKey(@TargetAggregateIdentifier AccountId accountId, ApiKeyId keyId) {}
