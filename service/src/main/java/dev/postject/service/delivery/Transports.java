package dev.postject.service.delivery;

import java.time.Instant;

/** What the workers make of a transport's {@link DeliveryTransport.Attempt}. */
final class Transports {
    private Transports() {}

    /** The decision, its retry no earlier than the destination's backoff asks for. */
    static Outcomes.Decision notBefore(Outcomes.Decision decision, Instant notBefore) {
        if (notBefore == null || decision.retryAt() == null || !notBefore.isAfter(decision.retryAt())) {
            return decision;
        }
        return new Outcomes.Decision(decision.outcome(), decision.attempt(), decision.response(), notBefore);
    }
}
