package dev.postject.service.platform.text;

import dev.postject.projections.EmailKeys;
import java.util.Locale;

/**
 * Email addresses as Postject compares and checks them. The comparison key is the read models'
 * own ({@link EmailKeys}), so that a rule and the model it reads agree on which addresses are one.
 */
public final class Addresses {
    /** What Postject accepts as an email address: local@domain.tld, no spaces or angle brackets. */
    public static final String PATTERN =
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,63}$";

    private Addresses() {}

    /** The comparison key of an address, given bare or as {@code Name <address>}: case does not count. */
    public static String key(String address) {
        return EmailKeys.of(address);
    }

    /** The bare address of an already validated {@code address} or {@code Name <address>}. */
    public static String bare(String entry) {
        return EmailKeys.address(entry);
    }

    /** The domain of a bare address, in lower case. */
    public static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }
}
