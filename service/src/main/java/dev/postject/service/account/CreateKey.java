package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.ApiKeyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issue a key whose plaintext the caller already holds; only its hash and hint travel here.
 * {@code expiresInDays} is null for a key that does not expire.
 */
public record CreateKey(
        @TargetAggregateIdentifier AccountId accountId,
        ApiKeyId keyId,
        String name,
        String keyHash,
        String hint,
        Integer expiresInDays) {}
