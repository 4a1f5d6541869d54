package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.DomainId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What a DNS check found: verifies a pending domain, or takes a verified one back to pending. */
public record RecordDomainCheck(
        @TargetAggregateIdentifier AccountId accountId, DomainId domainId, boolean passed, String summary) {}
