package dev.postject.service.platform.net;

/**
 * One MX record: a preference (lower is tried first) and the host name it names, lower case and
 * without the final dot; the null MX of RFC 7505 ({@code MX 0 .}) has the empty name.
 */
public record MailExchanger(int preference, String host) {
    public MailExchanger {
        if (host == null) {
            throw new IllegalArgumentException("an MX record names a host");
        }
    }

    /** {@code MX 0 .}: the domain says it accepts no mail at all. */
    public boolean isNullMx() {
        return host.isEmpty();
    }
}
