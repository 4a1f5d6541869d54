package dev.postject.projections;

import java.util.Locale;

/** How read models compare addresses: case-insensitively, as every mailbox provider does in practice. */
public final class EmailKeys {
    private EmailKeys() {}

    public static String of(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
