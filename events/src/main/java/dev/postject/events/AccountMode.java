package dev.postject.events;

/** Where an account may send: only to its confirmed sandbox addresses, or anywhere. */
public enum AccountMode {
    SANDBOX,
    PRODUCTION;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
