package dev.postject.service.sandbox;

import dev.postject.events.AccountId;
import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.domains.DomainQueries;
import dev.postject.service.account.DecideProductionAccess;
import dev.postject.service.account.RequestProductionAccess;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.sending.EmailAcceptance;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * The way out of the sandbox: a verified domain and one delivered sandbox email, a request, and an
 * operator's decision, which the account's owner is told by email.
 */
public final class ProductionAccess {
    private final Transactions transactions;
    private final CommandGateway commands;
    private final ReadModelCaches caches;
    private final AccountQueries accounts;
    private final DomainQueries domains;
    private final EmailAcceptance sending;

    /** An account's request and its prerequisites, as the API shows them. */
    public record State(AccountView account, boolean verifiedDomain) {}

    public ProductionAccess(
            Transactions transactions,
            CommandGateway commands,
            ReadModelCaches caches,
            AccountQueries accounts,
            DomainQueries domains,
            EmailAcceptance sending) {
        this.transactions = transactions;
        this.commands = commands;
        this.caches = caches;
        this.accounts = accounts;
        this.domains = domains;
        this.sending = sending;
    }

    public State state(AccountId account) {
        return stateOf(accounts.find(account.value()).orElseThrow(ProductionAccess::accountNotFound));
    }

    private State stateOf(AccountView account) {
        return new State(account, domains.hasVerified(account.id()));
    }

    public State request(AccountId account, String useCase, String website) {
        commands.sendAndWait(new RequestProductionAccess(account, useCase, website));
        return state(account);
    }

    /** Pending (or other) requests for the operators, oldest first. */
    public List<State> byStatus(String status, int limit) {
        return accounts.byProductionStatus(status, limit).stream()
                .map(this::stateOf)
                .toList();
    }

    /** Approves or rejects the pending request and mails the owner, in one transaction. */
    public State decide(String accountId, boolean approve, String reason) {
        AccountView view = caches.account(accountId).orElseThrow(ProductionAccess::accountNotFound);
        AccountId account = new AccountId(accountId);
        transactions.inTransaction(() -> {
            commands.sendAndWait(new DecideProductionAccess(account, approve, reason));
            if (approve) {
                sending.sendSystemMail(
                        account,
                        view.ownerEmail(),
                        "Production access approved for " + view.name(),
                        "Your Postject account " + view.name() + " is now in production mode: you can send to any"
                                + " recipient from your verified domains.");
            } else {
                sending.sendSystemMail(
                        account,
                        view.ownerEmail(),
                        "Production access request for " + view.name(),
                        "We could not approve production access for " + view.name() + " yet.\n\nReason: " + reason
                                + "\n\nYou can fix this and send a new request from Account -> Production Access.");
            }
            return null;
        });
        return state(account);
    }

    private static Refusal accountNotFound() {
        return new Refusal.NotFound("account_not_found", "No account with this id.");
    }
}
