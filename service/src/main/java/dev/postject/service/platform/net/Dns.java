package dev.postject.service.platform.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
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
 * counts. Domain verification reads TXT records through it, webhooks the addresses of their hosts,
 * direct delivery MX records and the addresses of mail servers ({@link #mx}, {@link #ipv4},
 * {@link #ipv6}: DNS only, no hosts file, and every outcome told apart).
 */
public final class Dns {
    /** At most this many CNAMEs are followed from one name: more is a loop or a misconfiguration. */
    static final int MAX_CNAMES = 8;

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

    /** The MX records of a domain (CNAMEs followed), or why there are none. */
    public DnsAnswer<MailExchanger> mx(String domain) {
        return query(domain, Type.MX, record -> {
            Name target = ((MXRecord) record).getTarget();
            String host = target.equals(Name.root) ? "" : target.toString(true).toLowerCase(Locale.ROOT);
            return new MailExchanger(((MXRecord) record).getPriority(), host);
        });
    }

    /** The IPv4 addresses (4 bytes each) in a host's A records, CNAMEs followed. */
    public DnsAnswer<byte[]> ipv4(String host) {
        return query(host, Type.A, Record::rdataToWireCanonical);
    }

    /** The IPv6 addresses (16 bytes each) in a host's AAAA records, CNAMEs followed. */
    public DnsAnswer<byte[]> ipv6(String host) {
        return query(host, Type.AAAA, Record::rdataToWireCanonical);
    }

    /**
     * Asks for one type of record at a name. A CNAME is followed within the answer (as a recursive
     * resolver sends the chain), and asked about anew where the answer stops at one (as an
     * authoritative server answers for a target outside its zone), for at most {@value #MAX_CNAMES}
     * links: a longer chain, or one that comes back to a name it passed, is a failure.
     */
    private <T> DnsAnswer<T> query(String host, int type, Function<Record, T> value) {
        Name name;
        try {
            name = absolute(host);
        } catch (TextParseException e) {
            return new DnsAnswer.NoSuchName<>(); // not a name anything can have
        }
        Set<Name> seen = new HashSet<>(Set.of(name));
        while (true) {
            Message response;
            try {
                response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            } catch (IOException e) {
                return new DnsAnswer.Failed<>(
                        "DNS lookup of " + Type.string(type) + " " + name + " failed: " + e.getMessage());
            }
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                return new DnsAnswer.Failed<>(
                        "DNS answered " + Rcode.string(rcode) + " for " + Type.string(type) + " " + name);
            }
            List<Record> answer = response.getSection(Section.ANSWER);
            Name at = name;
            while (true) {
                List<T> found = new ArrayList<>();
                for (Record record : answer) {
                    if (record.getType() == type && record.getName().equals(at)) {
                        found.add(value.apply(record));
                    }
                }
                if (!found.isEmpty()) {
                    return new DnsAnswer.Found<>(found);
                }
                Name next = cnameTarget(answer, at);
                if (next == null) {
                    break;
                }
                if (seen.size() > MAX_CNAMES || !seen.add(next)) {
                    return new DnsAnswer.Failed<>(
                            "the CNAME chain of " + host + " loops or is longer than " + MAX_CNAMES + " links");
                }
                at = next;
            }
            if (at.equals(name)) {
                return rcode == Rcode.NXDOMAIN ? new DnsAnswer.NoSuchName<>() : new DnsAnswer.NoRecords<>();
            }
            name = at; // the answer ended at a CNAME whose target it did not cover: ask about the target
        }
    }

    private static Name cnameTarget(List<Record> answer, Name owner) {
        for (Record record : answer) {
            if (record instanceof CNAMERecord cname && cname.getName().equals(owner)) {
                return cname.getTarget();
            }
        }
        return null;
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
