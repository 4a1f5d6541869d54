package dev.postject.service.domain;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

/**
 * Looks a domain's records up in DNS: the ownership TXT record, the DKIM key and the SPF include.
 * Asks the configured resolvers directly, without a cache, so a record just published counts.
 * A resolver that fails or does not answer is reported as {@code error}, never thrown.
 */
public final class DnsChecks {
    public enum Result {
        PASS,
        MISSING,
        MISMATCH,
        ERROR;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Checks(Result ownership, Result dkim, Result spf) {
        /** Ownership and DKIM make a domain verified; SPF is advice (it helps deliverability). */
        public boolean verified() {
            return ownership == Result.PASS && dkim == Result.PASS;
        }

        public String summary() {
            return "ownership: " + ownership.wireName() + ", dkim: " + dkim.wireName() + ", spf: " + spf.wireName();
        }
    }

    /** What a domain must publish. */
    public record Expected(String domain, String verificationToken, String dkimSelector, String dkimPublicKey) {}

    private final Resolver resolver;
    private final String spfInclude;

    public DnsChecks(List<String> servers, String spfInclude, Duration timeout) {
        this.spfInclude = spfInclude;
        this.resolver = resolver(servers, timeout);
    }

    public static String ownershipHost(String domain) {
        return "_postject." + domain;
    }

    public static String ownershipValue(String token) {
        return "postject-verification=" + token;
    }

    public static String dkimHost(String domain, String selector) {
        return selector + "._domainkey." + domain;
    }

    public static String dkimValue(String publicKey) {
        return "v=DKIM1; k=rsa; p=" + publicKey;
    }

    public String spfValue() {
        return spfValue(spfInclude);
    }

    public static String spfValue(String spfInclude) {
        return "v=spf1 include:" + spfInclude + " ~all";
    }

    public Checks check(Expected expected) {
        return new Checks(ownership(expected), dkim(expected), spf(expected.domain()));
    }

    private Result ownership(Expected expected) {
        return classify(ownershipHost(expected.domain()), txt -> {
            if (txt.equals(ownershipValue(expected.verificationToken()))) {
                return Result.PASS;
            }
            return txt.startsWith("postject-verification=") ? Result.MISMATCH : null;
        });
    }

    private Result dkim(Expected expected) {
        return classify(dkimHost(expected.domain(), expected.dkimSelector()), txt -> {
            String key = tag(txt, "p");
            if (key == null) {
                return null;
            }
            return key.replaceAll("\\s", "").equals(expected.dkimPublicKey()) ? Result.PASS : Result.MISMATCH;
        });
    }

    private Result spf(String domain) {
        return classify(domain, txt -> {
            if (!txt.toLowerCase(Locale.ROOT).startsWith("v=spf1")) {
                return null;
            }
            for (String term : txt.split("\\s+")) {
                if (term.equalsIgnoreCase("include:" + spfInclude) || term.equalsIgnoreCase("+include:" + spfInclude)) {
                    return Result.PASS;
                }
            }
            return Result.MISMATCH;
        });
    }

    private interface Classifier {
        /** PASS or MISMATCH for a record of the kind looked for, null for an unrelated one. */
        Result of(String txt);
    }

    /** The best verdict among the TXT records at {@code host}: pass, else mismatch, else missing. */
    private Result classify(String host, Classifier classifier) {
        List<String> records;
        try {
            records = txtRecords(host);
        } catch (IOException e) {
            return Result.ERROR;
        }
        Result best = Result.MISSING;
        for (String txt : records) {
            Result result = classifier.of(txt.strip());
            if (result == Result.PASS) {
                return Result.PASS;
            }
            if (result == Result.MISMATCH) {
                best = Result.MISMATCH;
            }
        }
        return best;
    }

    /** The TXT records at a name (each one's strings joined); none for NXDOMAIN. */
    List<String> txtRecords(String host) throws IOException {
        Name name;
        try {
            name = Name.fromString(host.endsWith(".") ? host : host + ".");
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

    /** A tag's value in a {@code tag=value; tag=value} record, or null. */
    private static String tag(String record, String name) {
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
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
