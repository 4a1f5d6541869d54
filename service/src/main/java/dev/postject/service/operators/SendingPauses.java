package dev.postject.service.operators;

import dev.postject.events.AccountId;
import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.accounts.AccountView;
import dev.postject.service.account.PauseSending;
import dev.postject.service.account.ResumeSending;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.sending.EmailAcceptance;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Operators pause an account's sending (every new email refused, on every node, until they resume
 * it) and resume it; the owner is told by email either way, in the transaction of the change.
 * Postject's own mail still reaches a paused account, so the notice goes out.
 */
public final class SendingPauses {
    private final Transactions transactions;
    private final CommandGateway commands;
    private final AccountQueries accounts;
    private final EmailAcceptance sending;
    private final String supportContact;

    public SendingPauses(
            Transactions transactions,
            CommandGateway commands,
            AccountQueries accounts,
            EmailAcceptance sending,
            String supportContact) {
        this.transactions = transactions;
        this.commands = commands;
        this.accounts = accounts;
        this.sending = sending;
        this.supportContact = supportContact;
    }

    /** Pauses the account's sending for {@code reason}; answers the account as it now is. */
    public AccountView pause(String accountId, String reason) {
        AccountView view = find(accountId);
        AccountId account = new AccountId(view.id());
        transactions.inTransaction(() -> {
            commands.sendAndWait(new PauseSending(account, reason));
            AccountView paused = find(accountId);
            sending.sendSystemMail(
                    account,
                    view.ownerEmail(),
                    "Sending paused for " + view.name(),
                    "A Postject operator paused sending for your account " + view.name() + ".\n\nReason: "
                            + paused.pausedReason()
                            + "\n\nUntil sending is resumed, new emails are refused (HTTP 403 sending_paused, SMTP"
                            + " 550 5.7.1); emails accepted before the pause are still delivered.\n\nTo ask about it,"
                            + " or once you have fixed the cause, write to " + supportContact + ".");
            return null;
        });
        return find(accountId);
    }

    /** Lets a paused account send again; answers the account as it now is. */
    public AccountView resume(String accountId) {
        AccountView view = find(accountId);
        AccountId account = new AccountId(view.id());
        transactions.inTransaction(() -> {
            commands.sendAndWait(new ResumeSending(account));
            sending.sendSystemMail(
                    account,
                    view.ownerEmail(),
                    "Sending resumed for " + view.name(),
                    "A Postject operator resumed sending for your account " + view.name()
                            + ": new emails are accepted again.");
            return null;
        });
        return find(accountId);
    }

    private AccountView find(String accountId) {
        return accounts.find(accountId)
                .orElseThrow(() -> new Refusal.NotFound("account_not_found", "No account with this id."));
    }
}
