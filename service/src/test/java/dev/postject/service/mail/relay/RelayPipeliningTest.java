package dev.postject.service.mail.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.service.mail.SmtpReply;
import dev.postject.service.mail.SmtpSettings;
import dev.postject.service.mail.direct.Envelope;
import dev.postject.service.mail.direct.MxConnector;
import dev.postject.service.mail.direct.MxTestServer;
import dev.postject.service.mail.direct.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay client's pipelined exchanges and its TLS rules, against real SMTP servers. */
class RelayPipeliningTest {
    private static final byte[] MIME = "Subject: Hi\r\n\r\nBody\r\n.dot line\r\n".getBytes(StandardCharsets.US_ASCII);

    private static SmtpSettings settings(
            String host, int port, String username, String password, SmtpSettings.Tls tls) {
        return new ObjectMapper()
                .convertValue(
                        Map.of("host", host, "port", port, "username", username, "password", password, "tls", tls),
                        SmtpSettings.class);
    }

    private static List<Envelope> messagesTo(String... recipients) {
        List<Envelope> messages = new ArrayList<>();
        for (String recipient : recipients) {
            messages.add(new Envelope("bounces@example.net", List.of(recipient), MIME));
        }
        return messages;
    }

    private static List<SmtpReply> send(RelayClient client, List<Envelope> messages) {
        try (RelayClient.Connection connection = client.connection()) {
            return connection.send(messages);
        }
    }

    @Test
    void aWorkersMessages_goOverOneConnection_eachWithTheVerdictOnIt_inOrder() {
        try (MxTestServer relay = MxTestServer.start(MxTestServer.freshLoopback(), 0, null)) {
            RelayClient client = new RelayClient(
                    settings(relay.address().getHostAddress(), relay.port(), "", "", SmtpSettings.Tls.OFF));

            List<SmtpReply> replies =
                    send(client, messagesTo("a@example.org", "refused@example.org", "b@example.org", "c@example.org"));

            assertThat(replies).extracting(SmtpReply::code).containsExactly(250, 550, 250, 250);
            assertThat(replies.get(1).text()).contains("No such user");
            assertThat(relay.received())
                    .extracting(r -> r.recipients().get(0))
                    .containsExactly("a@example.org", "b@example.org", "c@example.org");
            assertThat(relay.received().get(0).content())
                    .as("dot-stuffing undone by the server: the content arrives as stored")
                    .isEqualTo(new String(MIME, StandardCharsets.US_ASCII));
            assertThat(relay.connections()).isEqualTo(1);
        }
    }

    @Test
    void aRelayThatClosesAfterA421_hasTheMessagesAfterItSentOverAFreshConnection() {
        try (MxTestServer relay = MxTestServer.start(MxTestServer.freshLoopback(), 0, null)) {
            RelayClient client = new RelayClient(
                    settings(relay.address().getHostAddress(), relay.port(), "", "", SmtpSettings.Tls.OFF));

            List<SmtpReply> replies = send(client, messagesTo("a@example.org", "busy@example.org", "b@example.org"));

            assertThat(replies).extracting(SmtpReply::code).containsExactly(250, 421, 250);
            assertThat(relay.received())
                    .extracting(r -> r.recipients().get(0))
                    .containsExactly("a@example.org", "b@example.org");
        }
    }

    /**
     * RFC 2920 lets a server hold its replies until the client's group of commands ends: this one
     * answers MAIL FROM and RCPT TO only once DATA arrived. A client waiting for each reply before
     * its next command would wait for ever (the time limit ends the test long before its own).
     */
    @Test
    @Timeout(20)
    void aRelayThatAnswersOnlyOnceTheWholeGroupArrived_stillGetsEveryMessage() throws IOException {
        List<String> commands = new CopyOnWriteArrayList<>();
        List<String> contents = new CopyOnWriteArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> lazyRelay(listener, commands, contents), "lazy-relay");
            server.setDaemon(true);
            server.start();
            RelayClient client =
                    new RelayClient(settings("127.0.0.1", listener.getLocalPort(), "", "", SmtpSettings.Tls.OFF));

            List<SmtpReply> replies = send(client, messagesTo("a@example.org", "b@example.org", "c@example.org"));

            assertThat(replies).extracting(SmtpReply::code).containsExactly(250, 250, 250);
            assertThat(contents).hasSize(3).allSatisfy(c -> assertThat(c).contains("..dot line"));
            assertThat(commands).filteredOn(c -> c.startsWith("RCPT TO:")).hasSize(3);
        }
    }

    /** One session: replies to MAIL FROM and RCPT TO held back until DATA, then all of them and 354. */
    private static void lazyRelay(ServerSocket listener, List<String> commands, List<String> contents) {
        try (Socket socket = listener.accept()) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.ISO_8859_1);
            out.write("220 lazy.test ESMTP\r\n");
            out.flush();
            StringBuilder held = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(line);
                String verb = line.toUpperCase(Locale.ROOT);
                if (verb.startsWith("MAIL FROM:") || verb.startsWith("RCPT TO:")) {
                    held.append("250 2.1.0 Ok\r\n");
                    continue;
                }
                if (verb.startsWith("EHLO")) {
                    out.write("250-lazy.test\r\n250 PIPELINING\r\n");
                } else if (verb.equals("DATA")) {
                    out.write(held + "354 End data with <CR><LF>.<CR><LF>\r\n");
                    out.flush();
                    held.setLength(0);
                    StringBuilder content = new StringBuilder();
                    for (String data = in.readLine(); !".".equals(data); data = in.readLine()) {
                        content.append(data).append('\n');
                    }
                    contents.add(content.toString());
                    out.write("250 2.0.0 Ok: queued\r\n");
                } else if (verb.equals("QUIT")) {
                    out.write("221 2.0.0 Bye\r\n");
                    out.flush();
                    return;
                } else {
                    out.write(verb.equals("RSET") || verb.equals("NOOP") ? "250 2.0.0 Ok\r\n" : "502 5.5.2 No\r\n");
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void starttls_withACertificateTheTrustStoreAcceptsForTheRelaysName_carriesTheMailOverTls() {
        try (MxTestServer relay =
                MxTestServer.start(InetAddress.getLoopbackAddress(), 0, TestCertificates.server("localhost"))) {
            SmtpSettings starttls = settings("localhost", relay.port(), "", "", SmtpSettings.Tls.STARTTLS);

            List<SmtpReply> trusted = send(
                    new RelayClient(starttls, RelayClient.FRESH, TestCertificates.trustingTestCa()),
                    messagesTo("a@example.org"));
            List<SmtpReply> untrusted = send(
                    new RelayClient(starttls, RelayClient.FRESH, MxConnector.defaultContext()),
                    messagesTo("b@example.org"));

            assertThat(trusted.get(0).code()).as(trusted.toString()).isEqualTo(250);
            assertThat(relay.received()).hasSize(1);
            assertThat(relay.received().get(0).tlsProtocol()).startsWith("TLSv1.");
            assertThat(untrusted.get(0).code())
                    .as("a certificate the trust store does not accept: no mail, and no bounce either")
                    .isZero();
            assertThat(untrusted.get(0).text()).contains("TLS handshake failed");
        }
    }

    @Test
    void credentials_forARelayOfferingNoStarttls_areNeverSent_andTheMailWaits() {
        SSLContext any = MxConnector.defaultContext();
        try (MxTestServer relay = MxTestServer.start(MxTestServer.freshLoopback(), 0, null)) {
            SmtpSettings settings = settings(
                    relay.address().getHostAddress(),
                    relay.port(),
                    "relay-user",
                    "relay-secret",
                    SmtpSettings.Tls.STARTTLS);

            List<SmtpReply> replies = send(new RelayClient(settings, Duration.ZERO, any), messagesTo("a@example.org"));

            assertThat(replies.get(0).code()).isZero();
            assertThat(replies.get(0).text()).contains("offers no STARTTLS").doesNotContain("relay-secret");
            assertThat(relay.wire())
                    .doesNotContain("AUTH")
                    .doesNotContain("MAIL FROM")
                    .doesNotContain(Base64.getEncoder()
                            .encodeToString("\0relay-user\0relay-secret".getBytes(StandardCharsets.UTF_8)));
            assertThat(relay.received()).isEmpty();
        }
    }
}
