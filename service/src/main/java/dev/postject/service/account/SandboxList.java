package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.SandboxConfirmationSent;
import dev.postject.events.SandboxEmailAdded;
import dev.postject.events.SandboxEmailConfirmed;
import dev.postject.events.SandboxEmailRemoved;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The sandbox whitelist: at most {@value #MAX_SANDBOX_EMAILS} addresses, each confirmed by the
 * single-use link last mailed to it ({@link #CONFIRMATION_VALIDITY}, resent at most once per
 * {@link #RESEND_INTERVAL}).
 */
final class SandboxList {
    static final int MAX_SANDBOX_EMAILS = 50;
    static final Duration CONFIRMATION_VALIDITY = Duration.ofDays(7);
    static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);

    private final Map<String, SandboxAddress> addresses = new HashMap<>();

    private record SandboxAddress(boolean confirmed, String tokenHash, Instant tokenExpiresAt, Instant lastSentAt) {}

    @CommandHandler
    void handle(AddSandboxEmail command, Clock clock) {
        if (addresses.containsKey(Addresses.key(command.email()))) {
            throw new Refusal.Conflict("sandbox_email_exists", "This address is already on the sandbox list.");
        }
        if (addresses.size() >= MAX_SANDBOX_EMAILS) {
            throw new Refusal.Conflict(
                    "sandbox_email_limit_reached",
                    "An account may list at most " + MAX_SANDBOX_EMAILS + " sandbox addresses; remove one first.");
        }
        Instant now = clock.instant();
        apply(new SandboxEmailAdded(command.accountId(), command.email(), now));
        apply(new SandboxConfirmationSent(
                command.accountId(), command.email(), command.tokenHash(), now, now.plus(CONFIRMATION_VALIDITY)));
    }

    @CommandHandler
    void handle(ResendSandboxConfirmation command, Clock clock) {
        SandboxAddress address = requireListed(command.email());
        if (address.confirmed()) {
            throw new Refusal.Conflict("sandbox_email_already_confirmed", "This address is already confirmed.");
        }
        Instant now = clock.instant();
        Instant allowedAt = address.lastSentAt().plus(RESEND_INTERVAL);
        if (now.isBefore(allowedAt)) {
            throw new Refusal.RateLimited(
                    "confirmation_resend_too_soon",
                    "A confirmation was sent less than a minute ago.",
                    Math.max(1, Duration.between(now, allowedAt).toSeconds() + 1));
        }
        apply(new SandboxConfirmationSent(
                command.accountId(), command.email(), command.tokenHash(), now, now.plus(CONFIRMATION_VALIDITY)));
    }

    @CommandHandler
    void handle(ConfirmSandboxEmail command, Clock clock) {
        SandboxAddress address = addresses.get(Addresses.key(command.email()));
        if (address == null
                || address.confirmed()
                || !command.tokenHash().equals(address.tokenHash())
                || !clock.instant().isBefore(address.tokenExpiresAt())) {
            throw new Refusal.NotFound(
                    "confirmation_link_invalid", "This confirmation link is invalid, used or expired.");
        }
        apply(new SandboxEmailConfirmed(command.accountId(), command.email(), clock.instant()));
    }

    @CommandHandler
    void handle(RemoveSandboxEmail command, Clock clock) {
        requireListed(command.email());
        apply(new SandboxEmailRemoved(command.accountId(), command.email(), clock.instant()));
    }

    private SandboxAddress requireListed(String email) {
        SandboxAddress address = addresses.get(Addresses.key(email));
        if (address == null) {
            throw new Refusal.NotFound("sandbox_email_not_found", "This address is not on the sandbox list.");
        }
        return address;
    }

    @EventSourcingHandler
    void on(SandboxEmailAdded event) {
        addresses.put(Addresses.key(event.email()), new SandboxAddress(false, null, null, null));
    }

    @EventSourcingHandler
    void on(SandboxConfirmationSent event) {
        addresses.computeIfPresent(
                Addresses.key(event.email()),
                (key, address) ->
                        new SandboxAddress(address.confirmed(), event.tokenHash(), event.expiresAt(), event.sentAt()));
    }

    @EventSourcingHandler
    void on(SandboxEmailConfirmed event) {
        addresses.computeIfPresent(
                Addresses.key(event.email()),
                (key, address) -> new SandboxAddress(true, null, null, address.lastSentAt()));
    }

    @EventSourcingHandler
    void on(SandboxEmailRemoved event) {
        addresses.remove(Addresses.key(event.email()));
    }
}
