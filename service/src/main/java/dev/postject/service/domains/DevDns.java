package dev.postject.service.domains;

import dev.postject.projections.domains.DomainQueries;
import dev.postject.projections.domains.DomainView;
import io.dropwizard.lifecycle.Managed;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Local development's DNS ({@code POSTJECT_DEV_DNS_PORT}): a real DNS server on a loopback port,
 * over UDP and TCP, that answers the TXT records Postject asks each added domain to publish
 * (ownership, DKIM, SPF), read from the database at every query, so a domain just added is
 * answered at once. Any other name is NXDOMAIN. Domain verification then runs its whole DNS path
 * against it: only ever a development tool, since every domain verifies.
 */
public final class DevDns implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DevDns.class);
    private static final long TTL = 60;

    private final DomainQueries domains;
    private final String spfRecord;
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    /** Binds UDP and TCP on {@code 127.0.0.1:port} (0: a free port, the same for both). */
    public DevDns(int port, DomainQueries domains, String spfInclude) {
        this.domains = domains;
        this.spfRecord = DnsChecks.spfValue(spfInclude);
        Sockets sockets = bind(port);
        this.udp = sockets.udp();
        this.tcp = sockets.tcp();
    }

    private record Sockets(DatagramSocket udp, ServerSocket tcp) {}

    private static Sockets bind(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 1; ; attempt++) {
            DatagramSocket udp = null;
            try {
                udp = new DatagramSocket(new InetSocketAddress(loopback, port));
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                return new Sockets(udp, tcp);
            } catch (IOException e) {
                if (udp != null) {
                    udp.close();
                }
                if (port != 0 || attempt == 10) {
                    throw new UncheckedIOException(
                            "Cannot serve DNS on 127.0.0.1:" + port + " (POSTJECT_DEV_DNS_PORT)", e);
                }
            }
        }
    }

    /** {@code 127.0.0.1:port}, as {@code POSTJECT_DNS_SERVERS} takes it. */
    public String address() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    @Override
    public void start() {
        daemon("postject-dev-dns-udp", this::serveUdp);
        daemon("postject-dev-dns-tcp", this::serveTcp);
        LOG.warn(
                "Development DNS on {} (UDP and TCP): it answers every added domain's records, so every domain"
                        + " verifies. For local development only (POSTJECT_DEV_DNS_PORT)",
                address());
    }

    @Override
    public void stop() throws IOException {
        udp.close();
        tcp.close();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                OPTRecord opt = query.getOPT();
                int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
                byte[] answer = answer(query).toWire(limit); // larger: truncated (TC), the client asks over TCP
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a malformed query: nothing to answer
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket connection = tcp.accept();
                daemon("postject-dev-dns-tcp-connection", () -> converse(connection));
            } catch (IOException e) {
                // closed
            }
        }
    }

    /** DNS over TCP: each message prefixed with its two-byte length, until the client hangs up. */
    private void converse(Socket connection) {
        try (Socket socket = connection) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(new Message(query)).toWire();
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client is done (EOF), or sent something unreadable
        }
    }

    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        List<String> values;
        try {
            values = txtAt(question.getName());
        } catch (RuntimeException e) {
            LOG.warn("Development DNS could not read the domains: {}", e.getMessage());
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        if (values.isEmpty()) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (question.getType() == Type.TXT || question.getType() == Type.ANY) {
            for (String value : values) {
                response.addRecord(new TXTRecord(question.getName(), DClass.IN, TTL, chunks(value)), Section.ANSWER);
            }
        } // another type at a name that exists: no error, no answer
        return response;
    }

    /** The TXT records Postject expects at {@code name}: empty if it expects none there. */
    private List<String> txtAt(Name name) {
        String host = name.toString(true).toLowerCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        if (host.startsWith("_postject.")) {
            for (DomainView domain : domains.named(host.substring("_postject.".length()))) {
                values.add(DnsChecks.ownershipValue(domain.verificationToken()));
            }
        }
        int dkim = host.indexOf("._domainkey.");
        if (dkim > 0) {
            String selector = host.substring(0, dkim);
            for (DomainView domain : domains.named(host.substring(dkim + "._domainkey.".length()))) {
                if (domain.dkimSelector().equals(selector)) {
                    values.add(DnsChecks.dkimValue(domain.dkimPublicKey()));
                }
            }
        }
        if (!domains.named(host).isEmpty()) {
            values.add(spfRecord);
        }
        return values;
    }

    /** A TXT record's character strings hold at most 255 bytes each. */
    private static List<String> chunks(String value) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            out.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return out;
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }
}
