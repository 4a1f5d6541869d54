package dev.postject.service.mail.direct;

import dev.postject.service.platform.net.Dns;
import dev.postject.service.platform.net.DnsAnswer;
import dev.postject.service.platform.net.MailExchanger;
import dev.postject.service.platform.net.PublicTargets;
import dev.postject.service.platform.net.SpecialAddresses;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Finds the mail servers of a recipient domain (RFC 5321 section 5.1), through the service's
 * {@link Dns}: its MX records by preference, those of equal preference in random order (to spread
 * the load as the domain asks); without MX records the domain itself. A null MX (RFC 7505) or a
 * domain that does not exist is a permanent failure, a DNS failure a temporary one. Each server's
 * addresses come in the configured family order, at most so many of them, and only public ones
 * unless private targets are allowed.
 */
public final class MxResolver {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Dns dns;
    private final DirectSettings settings;
    private final Random random;
    private final Supplier<? extends Collection<InetAddress>> thisHost;

    public MxResolver(Dns dns, DirectSettings settings, Random random) {
        this(dns, settings, random, PublicTargets::thisHost);
    }

    /** With this host's own addresses read from {@code thisHost} at every lookup. */
    MxResolver(Dns dns, DirectSettings settings, Random random, Supplier<? extends Collection<InetAddress>> thisHost) {
        this.dns = dns;
        this.settings = settings;
        this.random = random;
        this.thisHost = thisHost;
    }

    /** Where mail for {@code domain} (as written after the {@code @}, Unicode or A-labels) goes. */
    public MxRoute resolve(String domain) {
        Optional<String> ascii = asciiDomain(domain);
        if (ascii.isEmpty()) {
            return new MxRoute.Permanent("5.1.2", "'" + domain + "' is not a valid domain name");
        }
        String name = ascii.get();
        DnsAnswer<MailExchanger> mx = dns.mx(name);
        List<MailExchanger> exchangers;
        if (mx instanceof DnsAnswer.Failed<MailExchanger> failed) {
            return new MxRoute.Temporary(failed.reason());
        } else if (mx instanceof DnsAnswer.NoSuchName<MailExchanger>) {
            return new MxRoute.Permanent("5.1.2", "the domain " + name + " does not exist");
        } else if (mx instanceof DnsAnswer.NoRecords<MailExchanger>) {
            exchangers = List.of(new MailExchanger(0, name)); // RFC 5321 5.1: the domain is its own mail server
        } else {
            exchangers = mx.records();
        }
        if (exchangers.size() == 1 && exchangers.get(0).isNullMx()) {
            return new MxRoute.Permanent("5.1.10", "the domain " + name + " accepts no mail (null MX)");
        }
        List<MxRoute.MxHost> hosts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean temporary = false;
        for (MailExchanger exchanger : ordered(exchangers)) {
            Resolved resolved = addresses(exchanger.host());
            if (resolved.addresses().isEmpty()) {
                skipped.add(exchanger.host() + ": " + resolved.problem());
                temporary |= resolved.temporary();
            } else {
                hosts.add(new MxRoute.MxHost(exchanger.host(), exchanger.preference(), resolved.addresses()));
            }
        }
        if (!hosts.isEmpty()) {
            return new MxRoute.Hosts(hosts, skipped);
        }
        String why = "no mail server of " + name + " can be reached: " + String.join("; ", skipped);
        return temporary ? new MxRoute.Temporary(why) : new MxRoute.Permanent("5.4.4", why);
    }

    /**
     * By preference, equal preferences shuffled, each host once, at most {@code maxMxHosts}. A null
     * MX beside other records (which RFC 7505 forbids) is left out, and the others are used.
     */
    private List<MailExchanger> ordered(List<MailExchanger> exchangers) {
        List<MailExchanger> sorted = new ArrayList<>(exchangers);
        sorted.removeIf(MailExchanger::isNullMx);
        sorted.sort(Comparator.comparingInt(MailExchanger::preference));
        for (int start = 0; start < sorted.size(); ) {
            int end = start;
            while (end < sorted.size()
                    && sorted.get(end).preference() == sorted.get(start).preference()) {
                end++;
            }
            Collections.shuffle(sorted.subList(start, end), random);
            start = end;
        }
        Map<String, MailExchanger> once = new LinkedHashMap<>();
        for (MailExchanger exchanger : sorted) {
            once.putIfAbsent(exchanger.host(), exchanger);
        }
        return once.values().stream().limit(settings.maxMxHosts()).toList();
    }

    private record Resolved(List<InetAddress> addresses, String problem, boolean temporary) {}

    private Resolved addresses(String host) {
        List<DnsAnswer<byte[]>> answers = new ArrayList<>();
        switch (settings.addressPreference()) {
            case IPV4_FIRST -> answers.addAll(List.of(dns.ipv4(host), dns.ipv6(host)));
            case IPV6_FIRST -> answers.addAll(List.of(dns.ipv6(host), dns.ipv4(host)));
            case IPV4_ONLY -> answers.add(dns.ipv4(host));
            case IPV6_ONLY -> answers.add(dns.ipv6(host));
        }
        List<InetAddress> usable = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean failed = false;
        Collection<InetAddress> own = settings.allowPrivate() ? List.of() : thisHost.get();
        for (DnsAnswer<byte[]> answer : answers) {
            if (answer instanceof DnsAnswer.Failed<byte[]> failure) {
                failed = true;
                problems.add(failure.reason());
            }
            for (byte[] address : answer.records()) {
                Optional<String> why = settings.allowPrivate() ? Optional.empty() : PublicTargets.whyNot(address, own);
                if (why.isPresent()) {
                    problems.add(SpecialAddresses.text(address) + " is " + why.get());
                } else if (usable.size() < settings.maxAddressesPerHost()) {
                    usable.add(inet(host, address));
                }
            }
        }
        if (problems.isEmpty() && usable.isEmpty()) {
            problems.add("no address");
        }
        return new Resolved(usable, String.join(", ", problems), failed);
    }

    /** The domain in lower-case A-labels without the final dot, if it is a host name at all. */
    static Optional<String> asciiDomain(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        String name = domain.strip();
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        try {
            name = IDN.toASCII(name, 0).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (name.isEmpty() || name.length() > 253) {
            return Optional.empty();
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(name);
    }

    private static InetAddress inet(String host, byte[] address) {
        try {
            return InetAddress.getByAddress(host, address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
