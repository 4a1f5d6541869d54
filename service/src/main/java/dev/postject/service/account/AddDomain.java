package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.DomainId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddDomain(
        @TargetAggregateIdentifier AccountId accountId,
        DomainId domainId,
        String name,
        String verificationToken,
        String dkimSelector,
        String dkimPublicKey) {}
