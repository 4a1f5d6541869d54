package dev.postject.service.platform.net;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses Postject may connect to on someone else's say-so (a recipient domain's MX
 * records, its MTA-STS host): globally reachable unicast addresses ({@link SpecialAddresses}) that
 * are not the host Postject runs on, so a name published by anyone cannot point Postject at a
 * private network, at loopback services, or back at itself.
 */
public final class PublicTargets {
    private PublicTargets() {}

    /** Why {@code address} (4 or 16 bytes) must not be connected to; empty when it may. */
    public static Optional<String> whyNot(byte[] address, Collection<InetAddress> thisHost) {
        Optional<String> block = SpecialAddresses.blockOf(address);
        if (block.isPresent()) {
            return Optional.of("in " + block.get());
        }
        for (InetAddress own : thisHost) {
            if (Arrays.equals(own.getAddress(), address)) {
                return Optional.of("an address of the host Postject runs on");
            }
        }
        return Optional.empty();
    }

    /**
     * Every address of every network interface of this host, read afresh: interfaces come and go
     * (DHCP, VPNs, containers), and reading them costs some 50 microseconds.
     */
    public static List<InetAddress> thisHost() {
        try {
            List<InetAddress> addresses = new ArrayList<>();
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nic.getInetAddresses()));
            }
            return addresses;
        } catch (SocketException e) {
            throw new UncheckedIOException("Cannot list this host's network interfaces", e);
        }
    }
}
