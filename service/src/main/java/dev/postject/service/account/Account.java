package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.AccountDefaultsChanged;
import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;

/**
 * What must stay consistent within one account, one event stream: its API keys, its server tokens, its sandbox
 * whitelist, its suppression list, its sending domains, its webhook endpoints, its way out of
 * the sandbox and its sending reputation, each an entity of its own that handles its commands and is sourced from every event
 * of the account. The root holds the account's identity and its defaults for new emails, and the
 * rules that span two entities (production access needs a verified domain, and so does a key
 * limited to one). Command handlers
 * guard, then apply; event sourcing handlers only assign.
 */
public class Account {
    @AggregateIdentifier
    private AccountId id;

    @AggregateMember
    private final Keys keys = new Keys();

    @AggregateMember
    private final ServerTokens serverTokens = new ServerTokens();

    @AggregateMember
    private final SandboxList sandbox = new SandboxList();

    @AggregateMember
    private final Suppressions suppressions = new Suppressions();

    @AggregateMember
    private final SendingDomains domains = new SendingDomains();

    @AggregateMember
    private final WebhookEndpoints webhooks = new WebhookEndpoints();

    @AggregateMember
    private final ProductionRequest production = new ProductionRequest();

    @AggregateMember
    private final SendingPause sendingPause = new SendingPause();

    @AggregateMember
    private final SendingReputation reputation = new SendingReputation();

    private boolean trackOpens;
    private boolean trackClicks;

    protected Account() {
        // for Axon
    }

    @CommandHandler
    public Account(OpenAccount command, Clock clock) {
        apply(new AccountOpened(
                command.accountId(), command.name(), command.ownerId(), command.ownerEmail(), clock.instant()));
    }

    @CommandHandler
    public void handle(ChangeDefaults command, Clock clock) {
        apply(new AccountDefaultsChanged(
                id,
                command.trackOpens() != null ? command.trackOpens() : trackOpens,
                command.trackClicks() != null ? command.trackClicks() : trackClicks,
                clock.instant()));
    }

    /** A key limited to a domain needs that domain verified: a rule of the keys and the domains both. */
    @CommandHandler
    public void handle(CreateKey command, Clock clock) {
        keys.create(command, domains, clock);
    }

    @CommandHandler
    public void handle(RequestProductionAccess command, Clock clock) {
        production.request(command, domains.anyVerified(), clock);
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        id = event.accountId();
    }

    @EventSourcingHandler
    void on(AccountDefaultsChanged event) {
        trackOpens = event.trackOpens();
        trackClicks = event.trackClicks();
    }
}
