package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.DomainAdded;
import dev.postject.events.DomainId;
import dev.postject.events.DomainRemoved;
import dev.postject.events.DomainVerificationLost;
import dev.postject.events.DomainVerified;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/** The account's sending domains (at most {@value #MAX_DOMAINS}), each pending or verified. */
final class SendingDomains {
    static final int MAX_DOMAINS = 50;

    private final Map<DomainId, Domain> domains = new HashMap<>();

    private record Domain(String name, boolean verified) {}

    /** A verified domain, as a key limited to it records it. */
    record Verified(DomainId id, String name) {}

    /**
     * The verified domain that {@code idOrName} names (its {@code dom_...} id, or its name in any
     * case); 422 when the account has no such domain (another account's is no different) or it is
     * not verified now.
     */
    Verified requireVerified(String idOrName) {
        String wanted = idOrName.strip();
        String name = wanted.toLowerCase(Locale.ROOT);
        String field = wanted.startsWith(DomainId.PREFIX) ? "domainId" : "domain";
        for (Map.Entry<DomainId, Domain> entry : domains.entrySet()) {
            if (entry.getKey().value().equals(wanted) || entry.getValue().name().equals(name)) {
                if (!entry.getValue().verified()) {
                    throw new Refusal.Invalid(
                            "domain_not_verified",
                            "A key can be limited only to a verified domain; "
                                    + entry.getValue().name() + " is not verified.",
                            field);
                }
                return new Verified(entry.getKey(), entry.getValue().name());
            }
        }
        throw new Refusal.Invalid("unknown_domain", "The account has no such domain.", field);
    }

    boolean anyVerified() {
        return domains.values().stream().anyMatch(Domain::verified);
    }

    @CommandHandler
    void handle(AddDomain command, Clock clock) {
        if (domains.values().stream().anyMatch(d -> d.name().equals(command.name()))) {
            throw new Refusal.Conflict("domain_exists", "This account already has this domain.");
        }
        if (domains.size() >= MAX_DOMAINS) {
            throw new Refusal.Conflict(
                    "domain_limit_reached", "An account may have at most " + MAX_DOMAINS + " domains.");
        }
        apply(new DomainAdded(
                command.accountId(),
                command.domainId(),
                command.name(),
                command.verificationToken(),
                command.dkimSelector(),
                command.dkimPublicKey(),
                clock.instant()));
    }

    /** Records what DNS showed only when it changes the domain's status; returns the status. */
    @CommandHandler
    boolean handle(RecordDomainCheck command, Clock clock) {
        Domain domain = requireDomain(command.domainId());
        if (command.passed() && !domain.verified()) {
            apply(new DomainVerified(command.accountId(), command.domainId(), domain.name(), clock.instant()));
        } else if (!command.passed() && domain.verified()) {
            apply(new DomainVerificationLost(
                    command.accountId(), command.domainId(), domain.name(), command.summary(), clock.instant()));
        }
        return command.passed();
    }

    @CommandHandler
    void handle(RemoveDomain command, Clock clock) {
        Domain domain = requireDomain(command.domainId());
        apply(new DomainRemoved(command.accountId(), command.domainId(), domain.name(), clock.instant()));
    }

    private Domain requireDomain(DomainId domainId) {
        Domain domain = domains.get(domainId);
        if (domain == null) {
            throw new Refusal.NotFound("domain_not_found", "No domain with this id.");
        }
        return domain;
    }

    @EventSourcingHandler
    void on(DomainAdded event) {
        domains.put(event.domainId(), new Domain(event.name(), false));
    }

    @EventSourcingHandler
    void on(DomainVerified event) {
        domains.computeIfPresent(event.domainId(), (domainId, domain) -> new Domain(domain.name(), true));
    }

    @EventSourcingHandler
    void on(DomainVerificationLost event) {
        domains.computeIfPresent(event.domainId(), (domainId, domain) -> new Domain(domain.name(), false));
    }

    @EventSourcingHandler
    void on(DomainRemoved event) {
        domains.remove(event.domainId());
    }
}
