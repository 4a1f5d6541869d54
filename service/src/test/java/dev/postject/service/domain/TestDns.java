package dev.postject.service.domain;

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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * A real DNS server on a loopback UDP port, authoritative for whatever TXT records a test
 * publishes; names can be made to fail with SERVFAIL, as a broken resolver would.
 */
public final class TestDns implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private DatagramSocket socket;
    private Thread thread;

    public void publish(String host, String value) {
        txt.computeIfAbsent(key(host), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(value);
    }

    public void unpublish(String host) {
        txt.remove(key(host));
    }

    /** Answers SERVFAIL for every name under {@code domain}. */
    public void fail(String domain) {
        failing.add(key(domain));
    }

    public void heal(String domain) {
        failing.remove(key(domain));
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
        if (failing.stream().anyMatch(domain -> host.equals(domain) || host.endsWith("." + domain))) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        List<String> values = txt.get(host);
        if (values == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        for (String value : values) {
            response.addRecord(new TXTRecord(question.getName(), DClass.IN, 60, chunks(value)), Section.ANSWER);
        }
        return response;
    }

    /** A TXT record's character strings hold at most 255 bytes each. */
    private static List<String> chunks(String value) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            out.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return out;
    }

    private static String key(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
