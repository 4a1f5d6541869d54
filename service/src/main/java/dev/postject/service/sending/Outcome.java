package dev.postject.service.sending;

/** What became of one delivery attempt to one recipient. */
public enum Outcome {
    /** 2xx: accepted by the receiving server. */
    DELIVERED,
    /** 4xx or no connection: try again later. */
    DEFERRED,
    /** 5xx: refused for good; the address gets suppressed. */
    BOUNCED,
    /** Retried for too long: given up. */
    FAILED
}
