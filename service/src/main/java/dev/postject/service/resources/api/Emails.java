package dev.postject.service.resources.api;

/** What Postject accepts as an email address: local@domain.tld, no spaces or angle brackets. */
public final class Emails {
    public static final String PATTERN =
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,63}$";

    private Emails() {}
}
