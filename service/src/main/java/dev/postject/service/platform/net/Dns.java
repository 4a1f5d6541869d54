package dev.postject.service.platform.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.hosts.HostsFileParser;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * The one DNS resolver of the service: the configured servers ({@code dnsServers}, else the
 * system's), asked directly and without a cache, so a record just published (or just changed)
 * counts. Domain verification reads TXT records through it, webhooks the addresses of their hosts.
 */
public final class Dns {
    private final Resolver resolver;
    private final LookupSession addresses;
    private final Duration timeout;

    public Dns(List<String> servers, Duration timeout) {
        this.timeout = timeout;
        this.resolver = resolver(servers, timeout);
        this.addresses = LookupSession.builder()
                .resolver(resolver)
                .hostsFileParser(new HostsFileParser()) // /etc/hosts first, as the system resolver does
                .build();
    }

    /** The TXT records at a name (each one's strings joined); none for NXDOMAIN. */
    public List<String> txt(String host) throws IOException {
        Name name;
        try {
            name = absolute(host);
        } catch (TextParseException e) {
            return List.of();
        }
        Message response = resolver.send(Message.newQuery(Record.newRecord(name, Type.TXT, DClass.IN)));
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new IOException("DNS answered " + Rcode.string(rcode) + " for " + host);
        }
        List<String> found = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt) {
                found.add(String.join("", txt.getStrings()));
            }
        }
        return found;
    }

    /**
     * Every IPv4 and IPv6 address of a host name, as the raw 4 or 16 bytes its A and AAAA records
     * hold (an IPv4-mapped AAAA stays 16 bytes, so it can be told apart); none when the name does
     * not exist or has no address. {@code localhost} and names under it are loopback (RFC 6761)
     * without asking anyone.
     */
    public List<byte[]> addresses(String host) throws IOException {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost") || lower.endsWith(".localhost.")) {
            return List.of(new byte[] {127, 0, 0, 1}, loopback6());
        }
        Name name;
        try {
            name = absolute(host);
        } catch (TextParseException e) {
            return List.of();
        }
        List<byte[]> found = new ArrayList<>();
        found.addAll(lookup(name, Type.A));
        found.addAll(lookup(name, Type.AAAA));
        return found;
    }

    private List<byte[]> lookup(Name name, int type) throws IOException {
        List<byte[]> found = new ArrayList<>();
        try {
            for (Record record : addresses
                    .lookupAsync(name, type)
                    .toCompletableFuture()
                    .get(timeout.toMillis() * 3, TimeUnit.MILLISECONDS)
                    .getRecords()) {
                if (record.getType() == Type.A || record.getType() == Type.AAAA) {
                    found.add(record.rdataToWireCanonical()); // the address exactly as answered
                }
            }
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof NoSuchDomainException || e.getCause() instanceof NoSuchRRSetException) {
                return found;
            }
            throw new IOException(
                    "DNS lookup of " + name + " failed: " + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("DNS lookup of " + name + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
        return found;
    }

    private static Name absolute(String host) throws TextParseException {
        return Name.fromString(host.endsWith(".") ? host : host + ".");
    }

    private static byte[] loopback6() {
        byte[] address = new byte[16];
        address[15] = 1;
        return address;
    }

    private static Resolver resolver(List<String> servers, Duration timeout) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (servers.isEmpty()) {
            addresses.addAll(ResolverConfig.getCurrentConfig().servers());
        } else {
            for (String server : servers) {
                int colon = server.lastIndexOf(':');
                boolean hasPort = colon > 0 && server.indexOf(':') == colon; // host:port, not a bare IPv6
                addresses.add(new InetSocketAddress(
                        hasPort ? server.substring(0, colon) : server,
                        hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53));
            }
        }
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            SimpleResolver simple = new SimpleResolver(address);
            simple.setTimeout(timeout);
            resolvers.add(simple);
        }
        ExtendedResolver resolver = new ExtendedResolver(resolvers);
        resolver.setTimeout(timeout);
        resolver.setRetries(1);
        return resolver;
    }
}
