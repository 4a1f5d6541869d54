package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.AccountDefaultsChanged;
import dev.postject.events.AccountId;
import dev.postject.events.AccountMode;
import dev.postject.events.AccountOpened;
import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.events.DomainAdded;
import dev.postject.events.DomainId;
import dev.postject.events.DomainRemoved;
import dev.postject.events.DomainVerificationLost;
import dev.postject.events.DomainVerified;
import dev.postject.events.ProductionAccessApproved;
import dev.postject.events.ProductionAccessRejected;
import dev.postject.events.ProductionAccessRequested;
import dev.postject.events.RecipientSuppressed;
import dev.postject.events.SandboxConfirmationSent;
import dev.postject.events.SandboxEmailAdded;
import dev.postject.events.SandboxEmailConfirmed;
import dev.postject.events.SandboxEmailRemoved;
import dev.postject.events.SandboxSendSucceeded;
import dev.postject.events.SuppressionRemoved;
import dev.postject.events.WebhookCreated;
import dev.postject.events.WebhookDeleted;
import dev.postject.events.WebhookDisabled;
import dev.postject.events.WebhookId;
import dev.postject.events.WebhookSecretRotated;
import dev.postject.events.WebhookUpdated;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * What must stay consistent within one account: its API keys (at most {@value #MAX_ACTIVE_KEYS}
 * active), its sandbox whitelist, its suppression list, its sending domains, and its way out of
 * the sandbox (a verified domain and a sandbox delivery, a request, an operator's decision). Command handlers guard, then apply; event sourcing handlers
 * only assign.
 */
public class Account {
    public static final int MAX_ACTIVE_KEYS = 10;
    public static final int MAX_SANDBOX_EMAILS = 50;
    public static final int MAX_DOMAINS = 50;
    public static final int MAX_WEBHOOKS = 10;
    public static final Duration CONFIRMATION_VALIDITY = Duration.ofDays(7);
    public static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);

    @AggregateIdentifier
    private AccountId id;

    private final Map<ApiKeyId, Key> keys = new HashMap<>();
    private final Map<String, SandboxAddress> sandbox = new HashMap<>();
    private final Set<String> suppressed = new HashSet<>();
    private final Map<DomainId, Domain> domains = new HashMap<>();
    private AccountMode mode = AccountMode.SANDBOX;
    private boolean sandboxDelivered;
    private boolean productionRequestPending;
    private boolean trackOpens;
    private final Map<WebhookId, Webhook> webhooks = new HashMap<>();

    private record Webhook(String url, List<String> eventTypes, boolean enabled) {}

    private boolean trackClicks;

    private record Domain(String name, boolean verified) {}

    private record Key(Instant expiresAt, boolean revoked, boolean expired) {
        boolean activeAt(Instant now) {
            return !revoked && !expired && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    private record SandboxAddress(boolean confirmed, String tokenHash, Instant tokenExpiresAt, Instant lastSentAt) {}

    protected Account() {
        // for Axon
    }

    @CommandHandler
    public Account(OpenAccount command, Clock clock) {
        apply(new AccountOpened(
                command.accountId(), command.name(), command.ownerId(), command.ownerEmail(), clock.instant()));
    }

    @CommandHandler
    public void handle(CreateKey command, Clock clock) {
        Instant now = clock.instant();
        requireFreeKeySlot(now);
        Instant expiresAt = command.expiresInDays() == null ? null : now.plus(Duration.ofDays(command.expiresInDays()));
        apply(new ApiKeyCreated(
                id, command.keyId(), command.name(), command.keyHash(), command.hint(), now, expiresAt));
    }

    @CommandHandler
    public void handle(RevokeKey command, Clock clock) {
        Instant now = clock.instant();
        requireActiveKey(command.keyId(), now);
        apply(new ApiKeyRevoked(id, command.keyId(), now));
    }

    @CommandHandler
    public void handle(ExpireKey command, Clock clock) {
        Key key = keys.get(command.keyId());
        if (key == null) {
            throw unknownKey();
        }
        if (key.revoked() || key.expired()) {
            throw new Refusal.Conflict("api_key_inactive", "This API key is already revoked or expired.");
        }
        if (key.expiresAt() == null || clock.instant().isBefore(key.expiresAt())) {
            throw new Refusal.Conflict("api_key_not_expired", "This API key has not reached its expiry.");
        }
        apply(new ApiKeyExpired(id, command.keyId(), key.expiresAt()));
    }

    @CommandHandler
    public void handle(AddSandboxEmail command, Clock clock) {
        String key = Addresses.key(command.email());
        if (sandbox.containsKey(key)) {
            throw new Refusal.Conflict("sandbox_email_exists", "This address is already on the sandbox list.");
        }
        if (sandbox.size() >= MAX_SANDBOX_EMAILS) {
            throw new Refusal.Conflict(
                    "sandbox_email_limit_reached",
                    "An account may list at most " + MAX_SANDBOX_EMAILS + " sandbox addresses; remove one first.");
        }
        Instant now = clock.instant();
        apply(new SandboxEmailAdded(id, command.email(), now));
        apply(new SandboxConfirmationSent(
                id, command.email(), command.tokenHash(), now, now.plus(CONFIRMATION_VALIDITY)));
    }

    @CommandHandler
    public void handle(ResendSandboxConfirmation command, Clock clock) {
        SandboxAddress address = requireSandboxAddress(command.email());
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
                id, command.email(), command.tokenHash(), now, now.plus(CONFIRMATION_VALIDITY)));
    }

    @CommandHandler
    public void handle(ConfirmSandboxEmail command, Clock clock) {
        SandboxAddress address = sandbox.get(Addresses.key(command.email()));
        if (address == null
                || address.confirmed()
                || !command.tokenHash().equals(address.tokenHash())
                || !clock.instant().isBefore(address.tokenExpiresAt())) {
            throw new Refusal.NotFound(
                    "confirmation_link_invalid", "This confirmation link is invalid, used or expired.");
        }
        apply(new SandboxEmailConfirmed(id, command.email(), clock.instant()));
    }

    @CommandHandler
    public void handle(RemoveSandboxEmail command, Clock clock) {
        requireSandboxAddress(command.email());
        apply(new SandboxEmailRemoved(id, command.email(), clock.instant()));
    }

    @CommandHandler
    public void handle(SuppressRecipient command, Clock clock) {
        if (suppressed.contains(Addresses.key(command.email()))) {
            throw new Refusal.Conflict("already_suppressed", "This address is already suppressed.");
        }
        apply(new RecipientSuppressed(id, command.email(), command.reason(), command.emailId(), clock.instant()));
    }

    @CommandHandler
    public void handle(RemoveSuppression command, Clock clock) {
        if (!suppressed.contains(Addresses.key(command.email()))) {
            throw new Refusal.NotFound("suppression_not_found", "This address is not suppressed.");
        }
        apply(new SuppressionRemoved(id, command.email(), clock.instant()));
    }

    @CommandHandler
    public void handle(AddDomain command, Clock clock) {
        if (domains.values().stream().anyMatch(d -> d.name().equals(command.name()))) {
            throw new Refusal.Conflict("domain_exists", "This account already has this domain.");
        }
        if (domains.size() >= MAX_DOMAINS) {
            throw new Refusal.Conflict(
                    "domain_limit_reached", "An account may have at most " + MAX_DOMAINS + " domains.");
        }
        apply(new DomainAdded(
                id,
                command.domainId(),
                command.name(),
                command.verificationToken(),
                command.dkimSelector(),
                command.dkimPublicKey(),
                clock.instant()));
    }

    /** Records what DNS showed only when it changes the domain's status; returns the status. */
    @CommandHandler
    public boolean handle(RecordDomainCheck command, Clock clock) {
        Domain domain = requireDomain(command.domainId());
        if (command.passed() && !domain.verified()) {
            apply(new DomainVerified(id, command.domainId(), domain.name(), clock.instant()));
        } else if (!command.passed() && domain.verified()) {
            apply(new DomainVerificationLost(
                    id, command.domainId(), domain.name(), command.summary(), clock.instant()));
        }
        return command.passed();
    }

    @CommandHandler
    public void handle(RemoveDomain command, Clock clock) {
        Domain domain = requireDomain(command.domainId());
        apply(new DomainRemoved(id, command.domainId(), domain.name(), clock.instant()));
    }

    /** Recorded once: later sandbox deliveries change nothing (the system sends this after each). */
    @CommandHandler
    public void handle(RecordSandboxSend command, Clock clock) {
        if (!sandboxDelivered && mode == AccountMode.SANDBOX) {
            apply(new SandboxSendSucceeded(id, command.emailId(), clock.instant()));
        }
    }

    @CommandHandler
    public void handle(RequestProductionAccess command, Clock clock) {
        if (mode == AccountMode.PRODUCTION) {
            throw new Refusal.Conflict("already_in_production", "This account is already in production mode.");
        }
        if (productionRequestPending) {
            throw new Refusal.Conflict(
                    "production_request_pending", "A production access request is already waiting for review.");
        }
        List<String> missing = missingPrerequisites();
        if (!missing.isEmpty()) {
            throw new Refusal.Conflict(
                    "production_prerequisites_missing",
                    "Production access needs a verified domain and one email delivered in sandbox mode first.",
                    Map.of("missing", missing));
        }
        apply(new ProductionAccessRequested(id, command.useCase(), command.website(), clock.instant()));
    }

    @CommandHandler
    public void handle(DecideProductionAccess command, Clock clock) {
        if (!productionRequestPending) {
            throw new Refusal.Conflict(
                    "no_pending_request", "This account has no production access request waiting for review.");
        }
        apply(
                command.approve()
                        ? new ProductionAccessApproved(id, clock.instant())
                        : new ProductionAccessRejected(id, command.reason(), clock.instant()));
    }

    @CommandHandler
    public void handle(ChangeDefaults command, Clock clock) {
        apply(new AccountDefaultsChanged(
                id,
                command.trackOpens() != null ? command.trackOpens() : trackOpens,
                command.trackClicks() != null ? command.trackClicks() : trackClicks,
                clock.instant()));
    }

    @CommandHandler
    public void handle(WebhookCommands.Create command, Clock clock) {
        if (webhooks.size() >= MAX_WEBHOOKS) {
            throw new Refusal.Conflict(
                    "webhook_limit_reached", "An account may have at most " + MAX_WEBHOOKS + " webhook endpoints.");
        }
        apply(new WebhookCreated(id, command.webhookId(), command.url(), command.eventTypes(), clock.instant()));
    }

    @CommandHandler
    public void handle(WebhookCommands.Update command, Clock clock) {
        Webhook webhook = requireWebhook(command.webhookId());
        apply(new WebhookUpdated(
                id,
                command.webhookId(),
                command.url() != null ? command.url() : webhook.url(),
                command.eventTypes() != null ? command.eventTypes() : webhook.eventTypes(),
                command.enabled() != null ? command.enabled() : webhook.enabled(),
                clock.instant()));
    }

    @CommandHandler
    public void handle(WebhookCommands.RotateSecret command, Clock clock) {
        requireWebhook(command.webhookId());
        apply(new WebhookSecretRotated(id, command.webhookId(), clock.instant()));
    }

    @CommandHandler
    public void handle(WebhookCommands.Delete command, Clock clock) {
        requireWebhook(command.webhookId());
        apply(new WebhookDeleted(id, command.webhookId(), clock.instant()));
    }

    /** Recorded when the endpoint is still enabled; a second 410 in flight changes nothing. */
    @CommandHandler
    public void handle(WebhookCommands.Disable command, Clock clock) {
        Webhook webhook = webhooks.get(command.webhookId());
        if (webhook != null && webhook.enabled()) {
            apply(new WebhookDisabled(id, command.webhookId(), command.reason(), clock.instant()));
        }
    }

    private Webhook requireWebhook(WebhookId webhookId) {
        Webhook webhook = webhooks.get(webhookId);
        if (webhook == null) {
            throw new Refusal.NotFound("webhook_not_found", "No webhook endpoint with this id.");
        }
        return webhook;
    }

    /** The unmet production-access steps, by their wire names. */
    private List<String> missingPrerequisites() {
        List<String> missing = new ArrayList<>();
        if (domains.values().stream().noneMatch(Domain::verified)) {
            missing.add("verified_domain");
        }
        if (!sandboxDelivered) {
            missing.add("sandbox_delivery");
        }
        return missing;
    }

    private Domain requireDomain(DomainId domainId) {
        Domain domain = domains.get(domainId);
        if (domain == null) {
            throw new Refusal.NotFound("domain_not_found", "No domain with this id.");
        }
        return domain;
    }

    private SandboxAddress requireSandboxAddress(String email) {
        SandboxAddress address = sandbox.get(Addresses.key(email));
        if (address == null) {
            throw new Refusal.NotFound("sandbox_email_not_found", "This address is not on the sandbox list.");
        }
        return address;
    }

    private void requireFreeKeySlot(Instant now) {
        long active = keys.values().stream().filter(k -> k.activeAt(now)).count();
        if (active >= MAX_ACTIVE_KEYS) {
            throw new Refusal.Conflict(
                    "api_key_limit_reached",
                    "An account may hold at most " + MAX_ACTIVE_KEYS + " active API keys; revoke one first.");
        }
    }

    private void requireActiveKey(ApiKeyId keyId, Instant now) {
        Key key = keys.get(keyId);
        if (key == null || !key.activeAt(now)) {
            throw unknownKey();
        }
    }

    private static Refusal unknownKey() {
        return new Refusal.NotFound("api_key_not_found", "No active API key with this id.");
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        id = event.accountId();
    }

    @EventSourcingHandler
    void on(SandboxEmailAdded event) {
        sandbox.put(Addresses.key(event.email()), new SandboxAddress(false, null, null, null));
    }

    @EventSourcingHandler
    void on(SandboxConfirmationSent event) {
        sandbox.computeIfPresent(
                Addresses.key(event.email()),
                (key, address) ->
                        new SandboxAddress(address.confirmed(), event.tokenHash(), event.expiresAt(), event.sentAt()));
    }

    @EventSourcingHandler
    void on(SandboxEmailConfirmed event) {
        sandbox.computeIfPresent(
                Addresses.key(event.email()),
                (key, address) -> new SandboxAddress(true, null, null, address.lastSentAt()));
    }

    @EventSourcingHandler
    void on(SandboxEmailRemoved event) {
        sandbox.remove(Addresses.key(event.email()));
    }

    @EventSourcingHandler
    void on(RecipientSuppressed event) {
        suppressed.add(Addresses.key(event.email()));
    }

    @EventSourcingHandler
    void on(SuppressionRemoved event) {
        suppressed.remove(Addresses.key(event.email()));
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

    @EventSourcingHandler
    void on(WebhookCreated event) {
        webhooks.put(event.webhookId(), new Webhook(event.url(), event.eventTypes(), true));
    }

    @EventSourcingHandler
    void on(WebhookUpdated event) {
        webhooks.put(event.webhookId(), new Webhook(event.url(), event.eventTypes(), event.enabled()));
    }

    @EventSourcingHandler
    void on(WebhookDisabled event) {
        webhooks.computeIfPresent(
                event.webhookId(), (webhookId, webhook) -> new Webhook(webhook.url(), webhook.eventTypes(), false));
    }

    @EventSourcingHandler
    void on(WebhookDeleted event) {
        webhooks.remove(event.webhookId());
    }

    @EventSourcingHandler
    void on(AccountDefaultsChanged event) {
        trackOpens = event.trackOpens();
        trackClicks = event.trackClicks();
    }

    @EventSourcingHandler
    void on(SandboxSendSucceeded event) {
        sandboxDelivered = true;
    }

    @EventSourcingHandler
    void on(ProductionAccessRequested event) {
        productionRequestPending = true;
    }

    @EventSourcingHandler
    void on(ProductionAccessApproved event) {
        productionRequestPending = false;
        mode = AccountMode.PRODUCTION;
    }

    @EventSourcingHandler
    void on(ProductionAccessRejected event) {
        productionRequestPending = false;
    }

    @EventSourcingHandler
    void on(ApiKeyCreated event) {
        keys.put(event.keyId(), new Key(event.expiresAt(), false, false));
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        keys.computeIfPresent(event.keyId(), (keyId, key) -> new Key(key.expiresAt(), true, key.expired()));
    }

    @EventSourcingHandler
    void on(ApiKeyExpired event) {
        keys.computeIfPresent(event.keyId(), (keyId, key) -> new Key(key.expiresAt(), key.revoked(), true));
    }
}
