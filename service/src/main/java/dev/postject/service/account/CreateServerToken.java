package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.ServerTokenId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issue a server token whose plaintext the caller already holds; only its hash and hint travel
 * here. {@code expiresInDays} is null for a token that does not expire; {@code allowedNetworks}
 * are canonical CIDR texts, already checked (empty: clients must authenticate).
 */
public record CreateServerToken(
        @TargetAggregateIdentifier AccountId accountId,
        ServerTokenId tokenId,
        String name,
        String tokenHash,
        String hint,
        Integer expiresInDays,
        List<String> allowedNetworks) {}
