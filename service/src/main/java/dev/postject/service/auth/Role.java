package dev.postject.service.auth;

import java.util.Locale;

/** What a dashboard token lets its holder do. */
public enum Role {
    USER,
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
