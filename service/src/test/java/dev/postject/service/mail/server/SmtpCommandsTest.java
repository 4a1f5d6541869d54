package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands and their replies, over a raw socket: every reply code the server gives itself. */
class SmtpCommandsTest {
    private final RecordingHandler handler = new RecordingHandler();
    private SmtpServer server;
    private RawSmtp client;

    @BeforeEach
    void start() throws IOException {
        server = TestServers.start(TestServers.settings().maxMessageSize(10_000), handler);
        client = RawSmtp.connect(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.stop();
    }

    @Test
    void theGreetingNamesTheHostAndEsmtp() throws IOException {
        assertThat(client.reply()).isEqualTo("220 mx.postject.test ESMTP");
    }

    @Test
    void ehloAdvertisesTheExtensionsWithoutStarttlsOrAuthWhenThereIsNoCertificate() throws IOException {
        client.reply();
        assertThat(client.send("EHLO client.test"))
                .isEqualTo(String.join(
                        "\n",
                        "250-mx.postject.test",
                        "250-PIPELINING",
                        "250-SIZE 10000",
                        "250-8BITMIME",
                        "250-SMTPUTF8",
                        "250 ENHANCEDSTATUSCODES"));
    }

    @Test
    void heloIsAnsweredWithTheHostName() throws IOException {
        client.reply();
        assertThat(client.send("HELO client.test")).isEqualTo("250 mx.postject.test");
    }

    @Test
    void aWholeTransactionReachesTheHandlerInProtocolOrder() throws IOException {
        client.reply();
        client.send("EHLO client.test");
        assertThat(client.send("MAIL FROM:<sender@example.com> BODY=8BITMIME SIZE=100"))
                .isEqualTo("250 2.1.0 Ok");
        assertThat(client.send("RCPT TO:<one@example.org>")).isEqualTo("250 2.1.5 Ok");
        assertThat(client.send("RCPT TO:<two@example.org>")).isEqualTo("250 2.1.5 Ok");
        assertThat(client.send("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
        client.write("Subject: hi\r\n\r\nHello\r\n.\r\n");
        assertThat(client.reply()).isEqualTo("250 2.0.0 Ok: queued as msg_1");
        assertThat(client.send("QUIT")).isEqualTo("221 2.0.0 Bye");
        assertThat(client.closedByServer()).isTrue();

        await().until(() -> handler.closed.get() == 1);
        assertThat(handler.calls)
                .containsExactly(
                        "connected plain",
                        "mailFrom sender@example.com",
                        "rcptTo one@example.org",
                        "rcptTo two@example.org",
                        "data 22",
                        "reset",
                        "closed");
        RecordingHandler.Message message = handler.messages.get(0);
        assertThat(message.text()).isEqualTo("Subject: hi\r\n\r\nHello\r\n");
        assertThat(message.envelope().from()).isEqualTo(new MailAddress("sender", "example.com"));
        assertThat(message.envelope().recipients())
                .containsExactly(new MailAddress("one", "example.org"), new MailAddress("two", "example.org"));
        assertThat(message.envelope().parameters().body()).isEqualTo(MailParameters.Body.EIGHT_BIT_MIME);
        assertThat(message.envelope().parameters().size()).hasValue(100);
        assertThat(message.envelope().session().heloName()).isEqualTo("client.test");
    }

    @Test
    void commandsOutOfSequenceAre503() throws IOException {
        client.reply();
        assertThat(client.send("MAIL FROM:<a@example.com>")).isEqualTo("503 5.5.1 Send HELO/EHLO first");
        client.send("EHLO client.test");
        assertThat(client.send("RCPT TO:<b@example.com>")).isEqualTo("503 5.5.1 Need MAIL before RCPT");
        assertThat(client.send("DATA")).isEqualTo("503 5.5.1 Need MAIL command");
        client.send("MAIL FROM:<a@example.com>");
        assertThat(client.send("MAIL FROM:<a@example.com>")).isEqualTo("503 5.5.1 Nested MAIL command");
    }

    @Test
    void badSyntaxIs501WithTheRightDetail() throws IOException {
        client.reply();
        assertThat(client.send("EHLO")).isEqualTo("501 5.5.4 Syntax: EHLO hostname");
        client.send("EHLO client.test");
        assertThat(client.send("MAIL TO:<a@example.com>")).isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address>");
        assertThat(client.send("MAIL FROM:a@example.com")).isEqualTo("501 5.1.7 Bad sender address syntax");
        assertThat(client.send("MAIL FROM:<a@example.com> SIZE=big")).isEqualTo("501 5.5.4 Bad SIZE value");
        client.send("MAIL FROM:<a@example.com>");
        assertThat(client.send("RCPT TO:<no domain>")).isEqualTo("501 5.1.3 Bad recipient address syntax");
        assertThat(client.send("RCPT TO:<>")).isEqualTo("501 5.1.3 Bad recipient address syntax");
        client.send("RCPT TO:<b@example.com>");
        assertThat(client.send("DATA now")).isEqualTo("501 5.5.4 Syntax: DATA");
    }

    @Test
    void unknownCommandsAre502AndVrfyIs252() throws IOException {
        client.reply();
        assertThat(client.send("EXPN staff")).isEqualTo("502 5.5.1 Command not recognized");
        assertThat(client.send("HELP")).isEqualTo("502 5.5.1 Command not recognized");
        assertThat(client.send("AUTH PLAIN AGFiAGM=")).isEqualTo("502 5.5.1 Command not recognized");
        assertThat(client.send("STARTTLS")).isEqualTo("454 4.7.0 TLS not available");
        assertThat(client.send("VRFY someone")).startsWith("252 2.5.0 ");
        assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
    }

    @Test
    void rsetAbandonsTheTransactionAndTellsTheHandler() throws IOException {
        client.reply();
        client.send("EHLO client.test");
        client.send("MAIL FROM:<a@example.com>");
        assertThat(client.send("RSET")).isEqualTo("250 2.0.0 Ok");
        assertThat(client.send("RCPT TO:<b@example.com>")).startsWith("503 5.5.1");
        assertThat(handler.calls).containsExactly("connected plain", "mailFrom a@example.com", "reset");
    }

    @Test
    void theHandlerCanRefuseOneRecipientAndAcceptTheOthers() throws IOException {
        handler.refusedRecipients.add("stranger@example.org");
        client.reply();
        client.send("EHLO client.test");
        client.send("MAIL FROM:<a@example.com>");
        assertThat(client.send("RCPT TO:<friend@example.org>")).isEqualTo("250 2.1.5 Ok");
        assertThat(client.send("RCPT TO:<stranger@example.org>"))
                .isEqualTo("550 5.7.1 Recipient not allowed: stranger@example.org");
        client.send("DATA");
        client.write("x\r\n.\r\n");
        assertThat(client.reply()).startsWith("250 2.0.0");
        assertThat(handler.messages.get(0).envelope().recipients())
                .containsExactly(new MailAddress("friend", "example.org"));
    }

    @Test
    void dataWithNoAcceptedRecipientIs554() throws IOException {
        handler.refusedRecipients.add("stranger@example.org");
        client.reply();
        client.send("EHLO client.test");
        client.send("MAIL FROM:<a@example.com>");
        client.send("RCPT TO:<stranger@example.org>");
        assertThat(client.send("DATA")).isEqualTo("554 5.5.1 No valid recipients");
        assertThat(handler.calls).noneMatch(c -> c.startsWith("data"));
    }

    @Test
    void aDeclaredSizeOverTheLimitIs552AtMailFromWithoutAskingTheHandler() throws IOException {
        client.reply();
        client.send("EHLO client.test");
        assertThat(client.send("MAIL FROM:<a@example.com> SIZE=10001"))
                .isEqualTo("552 5.3.4 Message size exceeds fixed limit");
        assertThat(client.send("MAIL FROM:<a@example.com> SIZE=99999999999999999999"))
                .isEqualTo("552 5.3.4 Message size exceeds fixed limit");
        assertThat(client.send("MAIL FROM:<a@example.com> SIZE=10000")).isEqualTo("250 2.1.0 Ok");
        assertThat(handler.mailFroms()).hasSize(1);
    }

    @Test
    void parametersTheServerDoesNotSupportAre555() throws IOException {
        client.reply();
        client.send("EHLO client.test");
        assertThat(client.send("MAIL FROM:<a@example.com> RET=HDRS")).isEqualTo("555 5.5.4 Unsupported parameter RET");
        client.send("MAIL FROM:<a@example.com> AUTH=<>");
        assertThat(client.send("RCPT TO:<b@example.com> NOTIFY=NEVER"))
                .isEqualTo("555 5.5.4 Unsupported parameter NOTIFY=NEVER");
    }

    @Test
    void aNonAsciiAddressNeedsSmtputf8() throws IOException {
        client.reply();
        client.send("EHLO client.test");
        assertThat(client.send("MAIL FROM:<jörg@exämple.de>"))
                .isEqualTo("553 5.6.7 A non-ASCII address needs SMTPUTF8");
        assertThat(client.send("MAIL FROM:<jörg@exämple.de> SMTPUTF8")).isEqualTo("250 2.1.0 Ok");
        assertThat(client.send("RCPT TO:<用户@例子.广告>")).isEqualTo("250 2.1.5 Ok");
        assertThat(handler.calls).contains("mailFrom jörg@exämple.de", "rcptTo 用户@例子.广告");
        assertThat(handler.senders).hasSize(1);
    }

    @Test
    void theNullSenderQuotedLocalPartsSourceRoutesAndPostmasterAreAccepted() throws IOException {
        client.reply();
        client.send("EHLO client.test");
        assertThat(client.send("MAIL FROM:<>")).isEqualTo("250 2.1.0 Ok");
        assertThat(client.send("RCPT TO:<\"john doe\"@example.com>")).isEqualTo("250 2.1.5 Ok");
        assertThat(client.send("RCPT TO:<@relay.example,@other.example:jane@example.com>"))
                .isEqualTo("250 2.1.5 Ok");
        assertThat(client.send("RCPT TO:<Postmaster>")).isEqualTo("250 2.1.5 Ok");
        assertThat(client.send("RCPT TO: <spaced@example.com>")).isEqualTo("250 2.1.5 Ok");
        assertThat(handler.calls)
                .containsSubsequence(
                        "mailFrom ",
                        "rcptTo \"john doe\"@example.com",
                        "rcptTo jane@example.com",
                        "rcptTo Postmaster",
                        "rcptTo spaced@example.com");
    }

    @Test
    void aHandlerThatFailsIsAnswered451AndTheSessionGoesOn() throws IOException {
        handler.failure = new IllegalStateException("database down");
        client.reply();
        client.send("EHLO client.test");
        assertThat(client.send("MAIL FROM:<a@example.com>"))
                .isEqualTo("451 4.3.0 Local error in processing, try again later");
        handler.failure = null;
        assertThat(client.send("MAIL FROM:<a@example.com>")).isEqualTo("250 2.1.0 Ok");
    }

    @Test
    void aConnectionTheHandlerRefusesGetsItsReplyInsteadOfTheGreetingAndIsClosed() throws IOException {
        handler.connectRefusal = new SmtpReply(554, "5.7.1", "Not from your network");
        try (RawSmtp refused = RawSmtp.connect(server.port())) {
            assertThat(refused.reply()).isEqualTo("554 5.7.1 Not from your network");
            assertThat(refused.closedByServer()).isTrue();
        }
    }

    @Test
    void anHttpRequestIsNotAnsweredAsSmtp() throws IOException {
        client.reply();
        client.write("GET / HTTP/1.1\r\nHost: mx.postject.test\r\n\r\n");
        assertThat(client.reply()).startsWith("421 4.7.0 ");
        assertThat(client.closedByServer()).isTrue();
    }

    @Test
    void controlCharactersAndInvalidUtf8InACommandAre500() throws IOException {
        client.reply();
        assertThat(client.send("NOOP\0")).isEqualTo("500 5.5.2 Control characters in command");
        client.write(new byte[] {'N', 'O', 'O', 'P', ' ', (byte) 0xC3, '\r', '\n'});
        assertThat(client.reply()).isEqualTo("500 5.5.2 Command is not valid UTF-8");
    }
}
