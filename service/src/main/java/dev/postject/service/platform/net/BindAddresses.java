package dev.postject.service.platform.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** A listener's bind setting: an IP address literal, or empty for every interface. */
public final class BindAddresses {
    private BindAddresses() {}

    /**
     * The address to bind: the one configured, or the wildcard (every interface) when empty.
     *
     * @throws IllegalArgumentException when {@code bind} is not an IP address (a name is never looked up)
     */
    public static InetAddress parse(String bind) {
        if (bind == null || bind.isBlank()) {
            return new InetSocketAddress(0).getAddress();
        }
        String address = bind.strip();
        if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("not an IP address");
        }
        try {
            return InetAddress.getByName(address); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address", e);
        }
    }

    /** How a start-up log names the address: "every interface" for the wildcard. */
    public static String describe(InetAddress address) {
        return address.isAnyLocalAddress() ? "every interface" : address.getHostAddress();
    }
}
