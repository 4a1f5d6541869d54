package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.EmailId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An email of the account was delivered while it was in sandbox mode. */
public record RecordSandboxSend(@TargetAggregateIdentifier AccountId accountId, EmailId emailId) {}
