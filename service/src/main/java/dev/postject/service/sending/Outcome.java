package dev.postject.service.sending;

/** What became of one delivery attempt to one recipient. */
public enum Outcome {
    /** 2xx: accepted by the receiving server. */
    DELIVERED,
    /** 4xx or no connection: try again later. */
    DEFERRED,
    /** 5xx: refused for good, classified (only a hard bounce suppresses the address on its own). */
    BOUNCED,
    /** Retried for too long: given up. */
    FAILED
}
