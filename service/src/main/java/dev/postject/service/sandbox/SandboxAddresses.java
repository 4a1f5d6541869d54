package dev.postject.service.sandbox;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.projections.sandbox.SandboxEmailQueries;
import dev.postject.projections.sandbox.SandboxEmailView;
import dev.postject.service.account.AddSandboxEmail;
import dev.postject.service.account.ConfirmSandboxEmail;
import dev.postject.service.account.RemoveSandboxEmail;
import dev.postject.service.account.ResendSandboxConfirmation;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.http.PublicUrl;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.limits.OwnMailLimits;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.platform.text.Hashes;
import dev.postject.service.platform.text.Ids;
import dev.postject.service.sending.EmailAcceptance;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * The sandbox whitelist: an address receives sandbox mail only after its owner opens the
 * single-use link mailed to it and presses its button (valid 7 days; a resend replaces it). Only
 * the link token's SHA-256 is kept anywhere. Every confirmation mail counts against
 * {@link OwnMailLimits}, in the transaction that queues it.
 */
public final class SandboxAddresses {
    /** The actor of a confirmation: whoever holds the link, i.e. the address's owner. */
    static final Actor LINK_HOLDER = new Actor(Actor.Type.SYSTEM, "confirmation-link");

    private final Transactions transactions;
    private final CommandGateway commands;
    private final SandboxEmailQueries queries;
    private final EmailAcceptance sending;
    private final OwnMailLimits limits;
    private final Clock clock;
    private final PublicUrl publicUrl;

    public SandboxAddresses(
            Transactions transactions,
            CommandGateway commands,
            SandboxEmailQueries queries,
            EmailAcceptance sending,
            OwnMailLimits limits,
            PublicUrl publicUrl,
            Clock clock) {
        this.clock = clock;
        this.transactions = transactions;
        this.limits = limits;
        this.commands = commands;
        this.queries = queries;
        this.sending = sending;
        this.publicUrl = publicUrl;
    }

    public SandboxEmailView add(AccountId account, String email) {
        String token = Ids.randomBase62(40);
        transactions.inTransaction(() -> {
            limits.countConfirmation(account, email);
            commands.sendAndWait(new AddSandboxEmail(account, email, Hashes.sha256Hex(token)));
            mailLink(account, email, token);
            return null;
        });
        return find(account, email);
    }

    public void resend(AccountId account, String email) {
        String token = Ids.randomBase62(40);
        transactions.inTransaction(() -> {
            limits.countConfirmation(account, email);
            commands.sendAndWait(new ResendSandboxConfirmation(account, email, Hashes.sha256Hex(token)));
            mailLink(account, find(account, email).email(), token);
            return null;
        });
    }

    public void remove(AccountId account, String email) {
        commands.sendAndWait(new RemoveSandboxEmail(account, email));
    }

    /** The address a link would confirm, changing nothing (link scanners open every link). */
    public String pendingAddress(String token) {
        return linked(token).email();
    }

    /** Confirms the address the link was sent to; returns it. */
    public String confirm(String token) {
        String hash = Hashes.sha256Hex(token == null ? "" : token);
        SandboxEmailView address = linked(token);
        RequestContext.authenticatedAs(LINK_HOLDER);
        commands.sendAndWait(new ConfirmSandboxEmail(new AccountId(address.accountId()), address.email(), hash));
        return address.email();
    }

    /** The pending address whose current, unexpired link carries this token. */
    private SandboxEmailView linked(String token) {
        return queries.findByTokenHash(Hashes.sha256Hex(token == null ? "" : token))
                .filter(address -> !address.confirmed()
                        && address.tokenExpiresAt() != null
                        && clock.instant().isBefore(address.tokenExpiresAt()))
                .orElseThrow(() -> new Refusal.NotFound(
                        "confirmation_link_invalid", "This confirmation link is invalid, used or expired."));
    }

    public SandboxEmailView find(AccountId account, String email) {
        return queries.find(account.value(), Addresses.key(email))
                .orElseThrow(() ->
                        new Refusal.NotFound("sandbox_email_not_found", "This address is not on the sandbox list."));
    }

    private void mailLink(AccountId account, String email, String token) {
        String link = publicUrl.get() + "/v1/sandbox/confirm?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        sending.sendSystemMail(
                account,
                email,
                "Confirm your address for Postject sandbox mail",
                "A Postject account wants to send test emails to this address.\n\n"
                        + "If you expect them, open this link within 7 days and press Confirm:\n" + link + "\n\n"
                        + "If not, ignore this email: nothing will be sent to you.\n");
    }
}
