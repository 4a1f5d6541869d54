package dev.postject.service.domains;

import dev.postject.service.platform.net.Dns;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Looks a domain's records up in DNS: the ownership TXT record, the DKIM key and the SPF include.
 * Asks the service's {@link Dns} (the configured resolvers, no cache), so a record just published counts.
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

    private final Dns dns;
    private final String spfInclude;

    public DnsChecks(Dns dns, String spfInclude) {
        this.dns = dns;
        this.spfInclude = spfInclude;
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
            records = dns.txt(host);
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
}
