package dev.postject.service.mail.reports;

import java.util.Locale;
import java.util.Optional;

/** What the reporting server did with the message for one recipient (RFC 3464 section 2.3.3). */
public enum DsnAction {
    /** Not delivered and given up: a bounce. */
    FAILED,
    /** Not delivered yet; the server keeps trying. */
    DELAYED,
    DELIVERED,
    /** Passed on to a system that sends no further notifications. */
    RELAYED,
    /** Delivered to a list or alias that passed it on to several addresses. */
    EXPANDED;

    /** The action an {@code Action} field names ({@code failed}, {@code delayed}, ...), ignoring case and comments. */
    static Optional<DsnAction> of(String field) {
        if (field == null) {
            return Optional.empty();
        }
        String word = field.strip().split("[\\s(;]", 2)[0].toUpperCase(Locale.ROOT);
        for (DsnAction action : values()) {
            if (action.name().equals(word)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    /** What a status code's class implies when a report has no usable {@code Action}: 5 failed, 4 delayed, 2 delivered. */
    static Optional<DsnAction> impliedBy(String status) {
        if (status == null || status.isEmpty()) {
            return Optional.empty();
        }
        return switch (status.charAt(0)) {
            case '5' -> Optional.of(FAILED);
            case '4' -> Optional.of(DELAYED);
            case '2' -> Optional.of(DELIVERED);
            default -> Optional.empty();
        };
    }

    /** The name the API and the ledger use: {@code failed}, {@code delayed}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
