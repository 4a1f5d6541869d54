package dev.postject.service.mail.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.service.mail.Composition;
import dev.postject.service.mail.MimeComposer;
import dev.postject.service.mail.SmtpReply;
import dev.postject.service.mail.SmtpSettings;
import dev.postject.service.mail.SmtpSettings.Tls;
import dev.postject.service.mail.direct.MxConnector;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/** The relay client against real SMTP servers: AUTH, STARTTLS policy, reply classes, connection reuse. */
class RelayClientTest {
    private static final byte[] MESSAGE = MimeComposer.compose(new Composition(
            "Sender <sender@example.net>",
            List.of("rcpt@example.org"),
            List.of(),
            List.of(),
            "Hi",
            "Body",
            null,
            Map.of(),
            List.of(),
            "<msg_test@example.net>",
            Instant.parse("2026-01-01T00:00:00Z")));

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private SMTPServer server;

    @AfterEach
    void stop() {
        server.stop();
    }

    private SMTPServer.Builder server() {
        return SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).messageHandlerFactory(context -> {
            sessions.add(context.getSessionId());
            return new MessageHandler() {
                @Override
                public void from(String from) {}

                @Override
                public void recipient(String recipient) throws RejectException {
                    if (recipient.startsWith("gone")) {
                        throw new RejectException(550, "5.1.1 no such user");
                    }
                    if (recipient.startsWith("busy")) {
                        throw new RejectException(452, "4.2.2 mailbox full");
                    }
                }

                @Override
                public String data(InputStream data) throws IOException, RejectException {
                    String content = new String(data.readAllBytes(), StandardCharsets.US_ASCII);
                    if (content.contains("Subject: Spam")) {
                        throw new RejectException(554, "5.7.1 Message rejected as spam");
                    }
                    delivered.add(content);
                    return null;
                }

                @Override
                public void done() {}
            };
        });
    }

    private static SmtpSettings settings(int port, String username, String password, Tls tls) {
        return new ObjectMapper()
                .convertValue(
                        Map.of(
                                "host",
                                "127.0.0.1",
                                "port",
                                port,
                                "username",
                                username,
                                "password",
                                password,
                                "tls",
                                tls),
                        SmtpSettings.class);
    }

    @Test
    void replies_areClassified_2xxDelivered_4xxTemporary_5xxPermanent_overOneReusedConnection() {
        server = server().build();
        server.start();
        try (RelayClient.Connection connection =
                new RelayClient(settings(server.getPortAllocated(), "", "", Tls.STARTTLS)).connection()) {
            SmtpReply ok = connection.send("sender@example.net", "rcpt@example.org", MESSAGE);
            SmtpReply again = connection.send("sender@example.net", "rcpt2@example.org", MESSAGE);
            assertThat(sessions).as("two messages, one reused connection").hasSize(1);
            SmtpReply busy = connection.send("sender@example.net", "busy@example.org", MESSAGE);
            SmtpReply gone = connection.send("sender@example.net", "gone@example.org", MESSAGE);

            assertThat(ok.accepted()).isTrue();
            assertThat(ok.code()).isEqualTo(250);
            assertThat(again.accepted()).isTrue();
            assertThat(busy.code()).isEqualTo(452);
            assertThat(busy.accepted() || busy.permanentFailure()).isFalse();
            assertThat(gone.code()).isEqualTo(550);
            assertThat(gone.permanentFailure()).isTrue();
        }
        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(0)).contains("Message-ID: <msg_test@example.net>");
    }

    /** subethasmtp keeps a transaction's MAIL FROM when it refuses the content, and answers the next one 503. */
    @Test
    void aMessageRefusedAfterItsContent_leavesTheConnectionCleanForTheNext() {
        server = server().build();
        server.start();
        byte[] spam = new String(MESSAGE, StandardCharsets.US_ASCII)
                .replace("Subject: Hi", "Subject: Spam")
                .getBytes(StandardCharsets.US_ASCII);
        try (RelayClient.Connection connection =
                new RelayClient(settings(server.getPortAllocated(), "", "", Tls.OFF)).connection()) {
            SmtpReply refused = connection.send("sender@example.net", "rcpt@example.org", spam);
            SmtpReply next = connection.send("sender@example.net", "rcpt@example.org", MESSAGE);

            assertThat(refused.code()).isEqualTo(554);
            assertThat(next.code()).as(next.toString()).isEqualTo(250);
        }
        assertThat(delivered).hasSize(1);
        assertThat(sessions).hasSize(1);
    }

    @Test
    void auth_withTheRightCredentials_delivers_andWrongOnes_areTemporary_neverABounce() {
        server = server().requireAuth()
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((username, password, context) -> {
                    if (!username.equals("relay-user") || !password.equals("relay-secret")) {
                        throw new LoginFailedException();
                    }
                }))
                .build();
        server.start();
        int port = server.getPortAllocated();

        SmtpReply good;
        try (RelayClient.Connection connection =
                new RelayClient(settings(port, "relay-user", "relay-secret", Tls.OFF)).connection()) {
            good = connection.send("sender@example.net", "rcpt@example.org", MESSAGE);
        }
        SmtpReply wrong;
        try (RelayClient.Connection connection =
                new RelayClient(settings(port, "relay-user", "guess", Tls.OFF)).connection()) {
            wrong = connection.send("sender@example.net", "rcpt@example.org", MESSAGE);
        }
        SmtpReply none;
        try (RelayClient.Connection connection = new RelayClient(settings(port, "", "", Tls.OFF)).connection()) {
            none = connection.send("sender@example.net", "rcpt@example.org", MESSAGE);
        }

        assertThat(good.accepted()).isTrue();
        assertThat(wrong.accepted() || wrong.permanentFailure())
                .as(wrong.toString())
                .isFalse();
        assertThat(none.accepted()).isFalse();
        assertThat(delivered).hasSize(1);
    }

    @Test
    void starttlsRequired_againstAServerWithoutIt_sendsNothing_andIsTemporary() {
        server = server().build();
        server.start();

        SmtpReply reply;
        try (RelayClient.Connection connection =
                new RelayClient(settings(server.getPortAllocated(), "", "", Tls.REQUIRED)).connection()) {
            reply = connection.send("sender@example.net", "rcpt@example.org", MESSAGE);
        }

        assertThat(reply.accepted() || reply.permanentFailure())
                .as(reply.toString())
                .isFalse();
        assertThat(delivered).isEmpty();
    }

    /**
     * One message, the server restarted on its port, then a second message on the same connection,
     * which the client takes to be open for {@code fresh} after the first.
     */
    private SmtpReply secondMessageAfterARestart(Duration fresh) {
        server = server().build();
        server.start();
        int port = server.getPortAllocated();
        try (RelayClient.Connection connection =
                new RelayClient(settings(port, "", "", Tls.OFF), fresh, MxConnector.defaultContext()).connection()) {
            assertThat(connection
                            .send("sender@example.net", "rcpt@example.org", MESSAGE)
                            .accepted())
                    .isTrue();
            server.stop();
            server = server().port(port).build();
            server.start();
            return connection.send("sender@example.net", "rcpt@example.org", MESSAGE);
        }
    }

    @Test
    void serverRestartBetweenMessages_costsNoMessage_theStaleConnectionIsReplaced() {
        SmtpReply afterRestart = secondMessageAfterARestart(RelayClient.FRESH);

        assertThat(afterRestart.accepted()).as(afterRestart.toString()).isTrue();
        assertThat(delivered).hasSize(2);
    }

    @Test
    void aConnectionIdleLongerThanFresh_isCheckedBeforeItsNextMessage_andReplacedWhenTheServerEndedIt() {
        SmtpReply afterIdle = secondMessageAfterARestart(Duration.ZERO); // every message idle past it

        assertThat(afterIdle.accepted()).as(afterIdle.toString()).isTrue();
        assertThat(delivered).hasSize(2);
        assertThat(sessions).hasSize(2);
    }

    @Test
    void unreachableRelay_isTemporary() {
        server = server().build();
        server.start();
        int port = server.getPortAllocated();
        server.stop();

        SmtpReply reply;
        try (RelayClient.Connection connection = new RelayClient(settings(port, "", "", Tls.OFF)).connection()) {
            reply = connection.send("sender@example.net", "rcpt@example.org", MESSAGE);
        }

        assertThat(reply.code()).isZero();
        assertThat(reply.text()).startsWith("No SMTP answer");
        server = server().build();
        server.start();
    }
}
