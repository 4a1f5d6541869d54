package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.AccountMode;
import dev.postject.events.ProductionAccessApproved;
import dev.postject.events.ProductionAccessRejected;
import dev.postject.events.ProductionAccessRequested;
import dev.postject.events.SandboxSendSucceeded;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The way out of the sandbox: the account's mode, whether one of its sandbox emails was delivered,
 * and its request for production access, pending until an operator decides.
 */
final class ProductionRequest {
    private AccountMode mode = AccountMode.SANDBOX;
    private boolean sandboxDelivered;
    private boolean pending;

    /** Recorded once: later sandbox deliveries change nothing (the system sends this after each). */
    @CommandHandler
    void handle(RecordSandboxSend command, Clock clock) {
        if (!sandboxDelivered && mode == AccountMode.SANDBOX) {
            apply(new SandboxSendSucceeded(command.accountId(), command.emailId(), clock.instant()));
        }
    }

    /** Asked by the account, which knows whether it has a verified domain. */
    void request(RequestProductionAccess command, boolean verifiedDomain, Clock clock) {
        if (mode == AccountMode.PRODUCTION) {
            throw new Refusal.Conflict("already_in_production", "This account is already in production mode.");
        }
        if (pending) {
            throw new Refusal.Conflict(
                    "production_request_pending", "A production access request is already waiting for review.");
        }
        List<String> missing = new ArrayList<>(); // the unmet steps, by their wire names
        if (!verifiedDomain) {
            missing.add("verified_domain");
        }
        if (!sandboxDelivered) {
            missing.add("sandbox_delivery");
        }
        if (!missing.isEmpty()) {
            throw new Refusal.Conflict(
                    "production_prerequisites_missing",
                    "Production access needs a verified domain and one email delivered in sandbox mode first.",
                    Map.of("missing", missing));
        }
        apply(new ProductionAccessRequested(
                command.accountId(), command.useCase(), command.website(), clock.instant()));
    }

    @CommandHandler
    void handle(DecideProductionAccess command, Clock clock) {
        if (!pending) {
            throw new Refusal.Conflict(
                    "no_pending_request", "This account has no production access request waiting for review.");
        }
        apply(
                command.approve()
                        ? new ProductionAccessApproved(command.accountId(), clock.instant())
                        : new ProductionAccessRejected(command.accountId(), command.reason(), clock.instant()));
    }

    @EventSourcingHandler
    void on(SandboxSendSucceeded event) {
        sandboxDelivered = true;
    }

    @EventSourcingHandler
    void on(ProductionAccessRequested event) {
        pending = true;
    }

    @EventSourcingHandler
    void on(ProductionAccessApproved event) {
        pending = false;
        mode = AccountMode.PRODUCTION;
    }

    @EventSourcingHandler
    void on(ProductionAccessRejected event) {
        pending = false;
    }
}
