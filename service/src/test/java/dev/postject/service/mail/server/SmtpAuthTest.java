package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** AUTH PLAIN and LOGIN: where they are offered, the exchanges, failures, and what is never logged. */
class SmtpAuthTest {
    private static final String PASSWORD = "pt_srv_correct-horse-battery";
    private final RecordingHandler handler = new RecordingHandler().user("app", PASSWORD);
    private SmtpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Plaintext AUTH from loopback, so that the exchanges can be read on the wire. */
    private RawSmtp plaintextSession(SmtpServerSettings.Builder settings) throws IOException {
        server = TestServers.start(settings.authentication(true).plaintextAuthOnLoopback(true), handler);
        RawSmtp client = RawSmtp.connect(server.port());
        client.reply();
        assertThat(client.send("EHLO client.test")).endsWith("250 AUTH PLAIN LOGIN");
        return client;
    }

    @Test
    void authPlainWithAnInitialResponseAuthenticatesAndTheHandlerSeesThePrincipalAtMailFrom() throws IOException {
        try (RawSmtp client = plaintextSession(TestServers.settings())) {
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", PASSWORD)))
                    .isEqualTo("235 2.7.0 Authentication successful");
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", PASSWORD)))
                    .isEqualTo("503 5.5.1 Already authenticated");
            client.send("MAIL FROM:<a@example.com>");
        }
        assertThat(handler.senders.get(0).principal()).hasValue("user:app");
        assertThat(handler.credentials.get(0).authorizationId()).isEmpty();
    }

    @Test
    void authPlainWithoutAnInitialResponseAsksWithAnEmptyChallenge() throws IOException {
        try (RawSmtp client = plaintextSession(TestServers.settings())) {
            assertThat(client.send("AUTH PLAIN")).isEqualTo("334 ");
            assertThat(client.send(RawSmtp.plain("app", PASSWORD))).isEqualTo("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void authLoginAsksForUsernameThenPassword() throws IOException {
        try (RawSmtp client = plaintextSession(TestServers.settings())) {
            assertThat(client.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(client.send(RawSmtp.base64("app"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(client.send(RawSmtp.base64(PASSWORD))).isEqualTo("235 2.7.0 Authentication successful");
        }
        assertThat(handler.calls).contains("authenticate LOGIN app");
    }

    @Test
    void authLoginTakesTheUsernameAsItsInitialResponse() throws IOException {
        try (RawSmtp client = plaintextSession(TestServers.settings())) {
            assertThat(client.send("AUTH LOGIN " + RawSmtp.base64("app"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(client.send(RawSmtp.base64(PASSWORD))).isEqualTo("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void aStarCancelsTheExchangeAndBadInputIsRefused() throws IOException {
        try (RawSmtp client = plaintextSession(TestServers.settings())) {
            client.send("AUTH LOGIN");
            assertThat(client.send("*")).isEqualTo("501 5.7.0 Authentication cancelled");
            assertThat(client.send("AUTH PLAIN not-base64!")).isEqualTo("501 5.5.2 Cannot decode response");
            assertThat(client.send("AUTH PLAIN " + RawSmtp.base64("no separators")))
                    .isEqualTo("501 5.5.2 Invalid PLAIN response");
            assertThat(client.send("AUTH CRAM-MD5")).isEqualTo("504 5.5.4 Unrecognized authentication type");
            assertThat(client.send("AUTH")).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
        }
        assertThat(handler.calls).noneMatch(c -> c.startsWith("authenticate"));
    }

    @Test
    void wrongCredentialsAre535AndTheSessionIsClosedAfterTheLastAllowedFailure() throws IOException {
        try (RawSmtp client = plaintextSession(TestServers.settings().maxAuthFailures(2))) {
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", "wrong")))
                    .isEqualTo("535 5.7.8 Authentication credentials invalid");
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", "wrong again")))
                    .isEqualTo("535 5.7.8 Authentication credentials invalid");
            assertThat(client.reply()).isEqualTo("421 4.7.0 mx.postject.test Error: too many failed authentications");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aFailedAuthenticationCountsAsAnError() throws IOException {
        try (RawSmtp client = plaintextSession(TestServers.settings().maxErrors(2))) {
            client.send("BOGUS");
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", "wrong")))
                    .startsWith("535 5.7.8");
            assertThat(client.reply()).isEqualTo("421 4.7.0 mx.postject.test Error: too many errors");
        }
    }

    @Test
    void withoutTlsAuthIsNeitherOfferedNorAcceptedEvenFromLoopbackUnlessAllowed() throws IOException {
        server = TestServers.start(TestServers.settings().authentication(true), TestServers.serverTls(), handler);
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            assertThat(client.send("EHLO client.test")).doesNotContain("AUTH");
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", PASSWORD)))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        }
        assertThat(handler.calls).noneMatch(c -> c.startsWith("authenticate"));
    }

    @Test
    void withoutAnyTlsAuthIsRefusedAsNeedingEncryption() throws IOException {
        server = TestServers.start(TestServers.settings().authentication(true), handler);
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            assertThat(client.send("AUTH LOGIN"))
                    .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
        }
    }

    @Test
    void authNeedsEhloNotHelo() throws IOException {
        try (RawSmtp client = plaintextSession(TestServers.settings())) {
            client.send("HELO client.test");
            assertThat(client.send("AUTH LOGIN")).isEqualTo("503 5.5.1 Send EHLO first");
        }
    }

    @Test
    void theHandlerDecidesAtEachMailFromSoARevokedCredentialStopsAnOpenSession() throws IOException {
        try (RawSmtp client = plaintextSession(TestServers.settings())) {
            client.send("AUTH PLAIN " + RawSmtp.plain("app", PASSWORD));
            assertThat(client.sendMessage("a@example.com", "b@example.org", "x\r\n"))
                    .startsWith("250 2.0.0");
            handler.revoked.add("user:app");
            assertThat(client.send("MAIL FROM:<a@example.com>"))
                    .isEqualTo("535 5.7.8 Authentication credentials invalid");
        }
    }

    @Test
    void credentialsNeverAppearInTheLogs() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.postject.service.mail.server");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        Level level = logger.getLevel();
        logger.setLevel(Level.ALL);
        try (RawSmtp client = plaintextSession(TestServers.settings())) {
            client.send("AUTH PLAIN " + RawSmtp.plain("app", PASSWORD + "-wrong"));
            handler.failure = new IllegalStateException("store down for " + PASSWORD);
            assertThat(client.send("AUTH LOGIN " + RawSmtp.base64("app"))).startsWith("334");
            assertThat(client.send(RawSmtp.base64(PASSWORD))).isEqualTo("454 4.7.0 Temporary authentication failure");
            handler.failure = null;
            client.send("AUTH PLAIN " + RawSmtp.plain("app", PASSWORD));
            client.send("QUIT");
        } finally {
            server.stop();
            logger.detachAppender(logs);
            logger.setLevel(level);
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(event -> {
            String logged = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(logged)
                    .doesNotContain(PASSWORD)
                    .doesNotContain(RawSmtp.base64(PASSWORD))
                    .doesNotContain(RawSmtp.plain("app", PASSWORD));
        });
        assertThat(handler.credentials.get(0).toString()).doesNotContain(PASSWORD);
    }
}
