package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.ApiKeyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issue a key whose plaintext the caller already holds; only its hash and hint travel here.
 * {@code expiresInDays} is null for a key that does not expire. {@code permission} is {@code
 * full_access} (also when null) or {@code sending_access}; {@code domain} (a sending key's only:
 * null for none) names one verified domain of the account by its id ({@code dom_...}) or its name.
 */
public record CreateKey(
        @TargetAggregateIdentifier AccountId accountId,
        ApiKeyId keyId,
        String name,
        String keyHash,
        String hint,
        Integer expiresInDays,
        String permission,
        String domain) {

    /** A full-access key, as every key was before permissions. */
    public CreateKey(
            AccountId accountId, ApiKeyId keyId, String name, String keyHash, String hint, Integer expiresInDays) {
        this(accountId, keyId, name, keyHash, hint, expiresInDays, null, null);
    }
}
