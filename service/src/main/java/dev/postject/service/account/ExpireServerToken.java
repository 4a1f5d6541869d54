package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.ServerTokenId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record in the ledger that a server token passed its expiry. Sent by the expiry sweep. */
public record ExpireServerToken(@TargetAggregateIdentifier AccountId accountId, ServerTokenId tokenId) {}
