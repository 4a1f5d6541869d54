package dev.postject.service.mail.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postject.service.mail.SmtpReply;
import dev.postject.service.mail.direct.Opened.Problem;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The SMTP client's side of the protocol: transactions, DATA, replies, and what it refuses to do. */
class MxSessionTest {
    private static final String HELO = "mta.postject.test";
    private final MxConnector connector =
            new MxConnector(new DirectSettings().commandTimeoutSeconds(10), TestCertificates.trustingTestCa());

    private MxSession open(InetAddress address, int port) throws IOException {
        Opened opened = connector.open(
                "mx.dest.test",
                List.of(InetAddress.getByAddress("mx.dest.test", address.getAddress())),
                port,
                HELO,
                TlsRequirement.OPPORTUNISTIC);
        assertThat(opened).isInstanceOf(Opened.Connected.class);
        return ((Opened.Connected) opened).session();
    }

    @Test
    void eachRecipientGetsTheVerdictTheServerGaveItAndTheSessionCarriesMoreMessages() throws Exception {
        try (MxTestServer server = MxTestServer.start(MxTestServer.freshLoopback(), 0, null);
                MxSession session = open(server.address(), server.port())) {
            Map<String, SmtpReply> verdicts = session.send(
                    "",
                    List.of("refused@dest.test", "bob@dest.test", "bad address@dest.test", "jörg@dest.test"),
                    "Subject: hi\r\n\r\nHello\r\n".getBytes(StandardCharsets.UTF_8));

            assertThat(verdicts.keySet())
                    .containsExactly("refused@dest.test", "bob@dest.test", "bad address@dest.test", "jörg@dest.test");
            assertThat(verdicts.get("refused@dest.test").code()).isEqualTo(550);
            assertThat(verdicts.get("bob@dest.test").code()).isEqualTo(250);
            assertThat(verdicts.get("bad address@dest.test").toString()).startsWith("553 5.1.3");
            assertThat(verdicts.get("jörg@dest.test").code())
                    .as("SMTPUTF8 offered")
                    .isEqualTo(250);
            assertThat(server.received()).singleElement().satisfies(r -> {
                assertThat(r.from()).isEmpty();
                assertThat(r.recipients()).containsExactly("bob@dest.test", "jörg@dest.test");
            });

            session.send("app@postject.test", List.of("carol@dest.test"), "Subject: 2\r\n\r\n2\r\n".getBytes());
            assertThat(server.received()).hasSize(2);
            assertThat(server.connections()).as("one session, two messages").isEqualTo(1);
        }
    }

    @Test
    void contentGoesWithCrlfLineEndingsAndLeadingDotsIntact() throws Exception {
        try (MxTestServer server = MxTestServer.start(MxTestServer.freshLoopback(), 0, null);
                MxSession session = open(server.address(), server.port())) {
            session.send(
                    "app@postject.test",
                    List.of("bob@dest.test"),
                    "Subject: dots\n\n.\n..two\r\n.three\rlast".getBytes(StandardCharsets.US_ASCII));

            assertThat(server.received())
                    .singleElement()
                    .extracting(MxTestServer.Received::content)
                    .isEqualTo("Subject: dots\r\n\r\n.\r\n..two\r\n.three\r\nlast\r\n");
        }
    }

    @Test
    void dataIsDotStuffedOnTheWire() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DataContent.write(wire, ".\r\nx\r\n..y".getBytes(StandardCharsets.US_ASCII));
        assertThat(wire.toString(StandardCharsets.US_ASCII)).isEqualTo("..\r\nx\r\n...y\r\n.\r\n");
    }

    @Test
    void anInternationalizedAddressIsRefusedLocallyWhenTheServerOffersNoSmtputf8() throws Exception {
        try (RawPeer peer = new RawPeer("220 raw ESMTP", "250-raw\r\n250 8BITMIME")) {
            try (MxSession session = open(peer.address(), peer.port())) {
                Map<String, SmtpReply> verdicts = session.send(
                        "app@postject.test",
                        List.of("jörg@dest.test", "bob@dest.test"),
                        "Subject: é\r\n\r\nDéjà vu\r\n".getBytes(StandardCharsets.UTF_8));

                assertThat(verdicts.get("jörg@dest.test").toString()).startsWith("553 5.6.7");
                assertThat(verdicts.get("bob@dest.test").code()).isEqualTo(250);
            }
            assertThat(peer.lines)
                    .contains("MAIL FROM:<app@postject.test> BODY=8BITMIME", "RCPT TO:<bob@dest.test>")
                    .noneMatch(line -> line.contains("jörg") || line.contains("SMTPUTF8"));
        }
    }

    @Test
    void aServerThatSendsDataRightAfterItsStarttlsReplyIsLeftBeforeTls() throws Exception {
        try (RawPeer peer =
                new RawPeer("220 raw ESMTP", "250-raw\r\n250 STARTTLS", "220 Go ahead\r\n250 injected ahead of TLS")) {
            Opened opened = connector.open(
                    "mx.dest.test",
                    List.of(InetAddress.getByAddress(
                            "mx.dest.test", peer.address().getAddress())),
                    peer.port(),
                    HELO,
                    TlsRequirement.OPPORTUNISTIC);

            assertThat(opened)
                    .isInstanceOfSatisfying(
                            Opened.Failed.class,
                            failed -> assertThat(failed.attempts())
                                    .singleElement()
                                    .satisfies(a -> {
                                        assertThat(a.problem()).isEqualTo(Problem.PROTOCOL);
                                        assertThat(a.detail()).contains("after STARTTLS");
                                    }));
        }
    }

    @Test
    void aServerThatTricklesItsGreetingIsGivenUpOnWithinTheCommandTimeout() throws Exception {
        MxConnector impatient = new MxConnector(new DirectSettings().commandTimeoutSeconds(1));
        try (ServerSocket listener = new ServerSocket(0, 1, MxTestServer.freshLoopback())) {
            Thread trickle = new Thread(
                    () -> {
                        try (Socket client = listener.accept()) {
                            OutputStream out = client.getOutputStream();
                            for (int i = 0; i < 100; i++) {
                                out.write("220-still greeting\r\n".getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                                Thread.sleep(100); // a simulated slow peer, not a wait for an effect
                            }
                        } catch (IOException | InterruptedException e) {
                            // the client gave up
                        }
                    },
                    "trickling-peer");
            trickle.setDaemon(true);
            trickle.start();
            long started = System.nanoTime();

            Opened opened = impatient.open(
                    "mx.dest.test",
                    List.of(InetAddress.getByAddress(
                            "mx.dest.test", listener.getInetAddress().getAddress())),
                    listener.getLocalPort(),
                    HELO,
                    TlsRequirement.OPPORTUNISTIC);

            assertThat(opened)
                    .isInstanceOfSatisfying(
                            Opened.Failed.class,
                            failed -> assertThat(failed.attempts())
                                    .singleElement()
                                    .extracting(Opened.Attempt::problem)
                                    .isEqualTo(Problem.PROTOCOL));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void repliesAreReadLineByLineWithinBounds() throws IOException {
        assertThat(reader("250-mx.dest.test\r\n250-SIZE 1000\r\n250 STARTTLS\r\n")
                        .read())
                .isEqualTo(new Reply(250, List.of("mx.dest.test", "SIZE 1000", "STARTTLS")));
        assertThat(reader("421\n").read()).isEqualTo(new Reply(421, List.of("")));
        assertThatThrownBy(() -> reader("250-a\r\n550 b\r\n").read()).hasMessageContaining("changed its code");
        assertThatThrownBy(() -> reader("hello\r\n").read()).hasMessageContaining("not an SMTP reply");
        assertThatThrownBy(() -> reader("250 " + "x".repeat(5000) + "\r\n").read())
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> reader("250-x\r\n".repeat(200)).read()).hasMessageContaining("lines");
        assertThatThrownBy(() -> reader("250-cut").read()).hasMessageContaining("closed");
    }

    private static ReplyReader reader(String text) {
        return new ReplyReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(5));
    }

    /**
     * A one-connection server that greets, then answers each line it reads with the next scripted
     * reply ({@code 250 Ok} once they run out), taking DATA content whole; it records every line.
     */
    private static final class RawPeer implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;

        RawPeer(String greeting, String... replies) throws IOException {
            socket = new ServerSocket(0, 1, MxTestServer.freshLoopback());
            Deque<String> script = new ArrayDeque<>(List.of(replies));
            Thread thread = new Thread(() -> serve(greeting, script), "raw-smtp-peer");
            thread.setDaemon(true);
            thread.start();
        }

        InetAddress address() {
            return socket.getInetAddress();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(String greeting, Deque<String> script) {
            try (Socket client = socket.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = client.getOutputStream();
                out.write((greeting + "\r\n").getBytes(StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals("DATA")) {
                        out.write("354 Go on\r\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        while (!".".equals(in.readLine())) {
                            // the content
                        }
                    }
                    String reply = line.equals("DATA") || script.isEmpty() ? "250 Ok" : script.poll();
                    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
