package dev.postject.service.resources.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * Every field optional: no name gets a default one, no expiry means the key does not expire, no
 * permission means {@code full_access}. A {@code sending_access} key may be limited to one verified
 * domain of the account, named by {@code domainId} or by its name ({@code domain}), not both.
 */
public record CreateKeyRequest(
        @Size(max = 100) String name,
        @Min(1) @Max(3650) Integer expiresInDays,
        @Size(max = 40) String permission,
        @Size(max = 100) String domainId,
        @Size(max = 253) String domain) {

    public CreateKeyRequest(String name, Integer expiresInDays) {
        this(name, expiresInDays, null, null, null);
    }
}
