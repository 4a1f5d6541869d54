package dev.postject.service.inbound;

import dev.postject.service.mail.reports.DsnRecipient;
import dev.postject.service.platform.text.Addresses;
import java.util.List;
import java.util.Optional;

/**
 * Which of a delivery status notification's recipient entries is about the recipient that the
 * VERP token names. The token is the truth about which of our recipients the report concerns (each
 * message goes out in a transaction of its own, from a Return-Path naming its one recipient); the
 * entries are what the reporting server says it tried.
 *
 * <ul>
 *   <li>An entry whose {@code Final-Recipient} or {@code Original-Recipient} is our recipient: that one.
 *   <li>Else, a single entry: the address was forwarded (an alias, a forwarding rule), and the report
 *       names the final address. Mail to our recipient ended there, so the entry is about it.
 *   <li>Else (several entries, none ours: a list or alias expanded to several addresses): none. One
 *       member of a list failing says nothing against the address we sent to.
 * </ul>
 */
final class DsnEntries {
    private DsnEntries() {}

    static Optional<DsnRecipient> about(String recipient, List<DsnRecipient> entries) {
        String ours = Addresses.key(recipient);
        Optional<DsnRecipient> named = entries.stream()
                .filter(entry ->
                        ours.equals(key(entry.finalRecipient())) || ours.equals(key(entry.originalRecipient())))
                .findFirst();
        if (named.isPresent() || entries.size() != 1) {
            return named;
        }
        return Optional.of(entries.get(0));
    }

    private static String key(String address) {
        return address == null || address.isBlank() ? "" : Addresses.key(address.strip());
    }
}
