package dev.postject.service.domains;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A real DNS server on a loopback UDP port, authoritative for whatever TXT, address, MX and CNAME
 * records a test publishes (an address answer may change from one query to the next, as a
 * rebinding attacker would make it); names can be made to fail with SERVFAIL or REFUSED, or go
 * unanswered, as a broken resolver would. A CNAME is answered alone, as an authoritative server
 * answers for a target outside its zone. It counts the queries it gets per name and type.
 */
public final class TestDns implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final Map<String, List<List<String>>> addresses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Map<String, List<String>> mx = new ConcurrentHashMap<>();
    private final Map<String, String> cnames = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<String> refusing = ConcurrentHashMap.newKeySet();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private DatagramSocket socket;
    private Thread thread;

    public void publish(String host, String value) {
        txt.computeIfAbsent(key(host), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(value);
    }

    public void unpublish(String host) {
        txt.remove(key(host));
    }

    /** Answers every A and AAAA query for {@code host} with these addresses (each in its family). */
    public void addresses(String host, String... ips) {
        addressesInTurn(host, List.of(ips));
    }

    /**
     * The first A query for {@code host} from now on gets the first list, the second the second, and
     * so on, the last list answering every later one; AAAA queries likewise, counted separately.
     */
    @SafeVarargs
    public final void addressesInTurn(String host, List<String>... answers) {
        queries.remove(key(host) + "/A");
        queries.remove(key(host) + "/AAAA");
        addresses.put(key(host), List.of(answers));
    }

    /** How many queries of this type ("A", "AAAA", "TXT") {@code host} got since its addresses were set. */
    public int queries(String host, String type) {
        AtomicInteger count = queries.get(key(host) + "/" + type);
        return count == null ? 0 : count.get();
    }

    /** Adds an MX record: {@code host} "." is the null MX of RFC 7505. */
    public void mx(String domain, int preference, String host) {
        mx.computeIfAbsent(key(domain), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(preference + " " + host);
    }

    /** Makes {@code name} a CNAME for {@code target}: every query for it gets that record alone. */
    public void cname(String name, String target) {
        cnames.put(key(name), target);
    }

    /** Answers REFUSED for every name under {@code domain}. */
    public void refuse(String domain) {
        refusing.add(key(domain));
    }

    /** Never answers a query for a name under {@code domain}: the asker times out. */
    public void ignore(String domain) {
        silent.add(key(domain));
    }

    /** Answers SERVFAIL for every name under {@code domain}. */
    public void fail(String domain) {
        failing.add(key(domain));
    }

    /** Answers for {@code domain} again, after {@link #fail}, {@link #refuse} or {@link #ignore}. */
    public void heal(String domain) {
        failing.remove(key(domain));
        refusing.remove(key(domain));
        silent.remove(key(domain));
    }

    /** The jDKIM verifier, fetching public keys from this DNS server like a receiving MTA would. */
    public DKIMVerifier dkimVerifier() {
        return new DKIMVerifier((method, selector, token) -> {
            List<String> found = new ArrayList<>();
            try {
                Message answer = new SimpleResolver(new InetSocketAddress("127.0.0.1", port()))
                        .send(Message.newQuery(Record.newRecord(
                                Name.fromString(selector + "._domainkey." + token + "."), Type.TXT, DClass.IN)));
                for (Record r : answer.getSection(Section.ANSWER)) {
                    found.add(String.join("", ((TXTRecord) r).getStrings()));
                }
            } catch (IOException e) {
                throw new TempFailException(e.getMessage());
            }
            return found;
        });
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        socket.close();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                String asked = key(query.getQuestion().getName().toString());
                if (under(silent, asked)) {
                    continue;
                }
                byte[] answer = answer(query).toWire();
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a malformed query: nothing to answer
            }
        }
    }

    private Message answer(Message query) throws IOException {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        String host = key(question.getName().toString());
        int type = question.getType();
        int nth = queries.computeIfAbsent(host + "/" + Type.string(type), k -> new AtomicInteger())
                .getAndIncrement();
        if (under(failing, host) || under(refusing, host)) {
            response.getHeader().setRcode(under(failing, host) ? Rcode.SERVFAIL : Rcode.REFUSED);
            return response;
        }
        String cname = cnames.get(host);
        if (cname != null && type != Type.CNAME) {
            response.addRecord(
                    new CNAMERecord(question.getName(), DClass.IN, 60, Name.fromString(absolute(cname))),
                    Section.ANSWER);
            return response;
        }
        List<String> values = txt.get(host);
        List<List<String>> turns = addresses.get(host);
        List<String> exchangers = mx.get(host);
        if (values == null && turns == null && exchangers == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        if (type == Type.MX && exchangers != null) {
            for (String exchanger : exchangers) {
                String[] parts = exchanger.split(" ", 2);
                response.addRecord(
                        new MXRecord(
                                question.getName(),
                                DClass.IN,
                                60,
                                Integer.parseInt(parts[0]),
                                Name.fromString(absolute(parts[1]))),
                        Section.ANSWER);
            }
        }
        if (type == Type.TXT && values != null) {
            for (String value : values) {
                response.addRecord(new TXTRecord(question.getName(), DClass.IN, 60, chunks(value)), Section.ANSWER);
            }
        }
        if ((type == Type.A || type == Type.AAAA) && turns != null) {
            for (String ip : turns.get(Math.min(nth, turns.size() - 1))) {
                byte[] address = InetAddress.getByName(ip).getAddress();
                boolean v6 = ip.contains(":");
                if (v6 && address.length == 4) { // Java reads ::ffff:a.b.c.d as IPv4: send it as written
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(address, 0, mapped, 12, 4);
                    address = mapped;
                }
                if (type == Type.A && !v6) {
                    response.addRecord(new ARecord(question.getName(), DClass.IN, 0, address), Section.ANSWER);
                } else if (type == Type.AAAA && v6) {
                    response.addRecord(new AAAARecord(question.getName(), DClass.IN, 0, address), Section.ANSWER);
                }
            }
        }
        return response; // a name with no record of the asked type: NOERROR, no answers
    }

    /** A TXT record's character strings hold at most 255 bytes each. */
    private static List<String> chunks(String value) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            out.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return out;
    }

    private static boolean under(Set<String> domains, String host) {
        return domains.stream().anyMatch(domain -> host.equals(domain) || host.endsWith("." + domain));
    }

    private static String absolute(String host) {
        return host.endsWith(".") ? host : host + ".";
    }

    private static String key(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
