package dev.postject.service.mail.reports;

import java.util.Locale;

/**
 * What a bounce says about the address, which decides whether it is suppressed. See
 * {@link BounceClassifier} for which reply is which.
 */
public enum BounceType {
    /** Permanent, and about the address: it does not exist, its domain does not, or it is disabled. Suppress. */
    HARD,
    /**
     * Temporary, or about the mailbox's state or this message rather than the address: full, the
     * message too large, throttling, greylisting, DNS or network trouble. Suppress only when it repeats.
     */
    SOFT,
    /**
     * The receiver refused the sender, the content or the sending IP (policy, authentication, spam,
     * blocklists, reputation, relaying), not the address: never held against the address.
     */
    BLOCK,
    /** Not enough to say: no code, or a permanent failure with no recognisable reason. */
    UNDETERMINED;

    /** The name in events, the API and webhooks: {@code hard}, {@code soft}, {@code block}, {@code undetermined}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
