package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Message content: dot-stuffing, the only end of data there is, bare line ends, and the size limit. */
class SmtpDataTest {
    private final RecordingHandler handler = new RecordingHandler();
    private SmtpServer server;
    private RawSmtp client;

    @BeforeEach
    void start() throws IOException {
        server = TestServers.start(TestServers.settings().maxMessageSize(1000), handler);
        client = RawSmtp.connect(server.port());
        client.reply();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.stop();
    }

    @Test
    void dotStuffingIsRemovedAndTheLoneDotEndsTheMessage() throws IOException {
        String reply = client.sendMessage(
                "a@example.com", "b@example.org", ".Subject: dots\r\n\r\n..\r\n...leading\r\nin.the.middle\r\n");
        assertThat(reply).startsWith("250 2.0.0");
        assertThat(handler.messages.get(0).text())
                .isEqualTo("Subject: dots\r\n\r\n.\r\n..leading\r\nin.the.middle\r\n");
    }

    @Test
    void anEmptyMessageIsJustTheEndOfData() throws IOException {
        assertThat(client.sendMessage("a@example.com", "b@example.org", "")).startsWith("250 2.0.0");
        assertThat(handler.messages.get(0).content()).isEmpty();
    }

    @Test
    void contentArrivingInSmallPiecesIsReassembled() throws IOException {
        client.send("EHLO client.test");
        client.send("MAIL FROM:<a@example.com>");
        client.send("RCPT TO:<b@example.org>");
        client.send("DATA");
        for (String piece :
                new String[] {"Subject: x\r", "\n\r\nbo", "dy\r\n", ".", ".\r\n", "\r", "\n.", "\r", "\n"}) {
            client.write(piece);
        }
        assertThat(client.reply()).startsWith("250 2.0.0");
        assertThat(handler.messages.get(0).text()).isEqualTo("Subject: x\r\n\r\nbody\r\n.\r\n\r\n");
    }

    /**
     * SMTP smuggling: a sender's server may treat one of these as the end of data, and the rest as
     * new commands. Here none of them ends the message, so the "smuggled" transaction is content
     * of a single message, which is refused because it contains a bare line end.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r", "\r.\r\n", "\r\n.\r", "\n.\r", "\r\n.\r\r\n"})
    void noEndOfDataButCrLfDotCrLfEndsAMessageSoNothingCanBeSmuggled(String fakeEnd) throws IOException {
        client.send("EHLO client.test");
        client.send("MAIL FROM:<a@example.com>");
        client.send("RCPT TO:<b@example.org>");
        client.send("DATA");
        client.write("Subject: innocent\r\n\r\nHello" + fakeEnd
                + "MAIL FROM:<smuggled@evil.example>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\n"
                + "Subject: smuggled\r\n\r\nGotcha\r\n.\r\n");

        assertThat(client.reply())
                .isEqualTo("550 5.6.0 Message refused: bare CR or LF in content, lines must end with CRLF");
        assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
        assertThat(handler.mailFroms()).containsExactly("mailFrom a@example.com");
        assertThat(handler.calls).noneMatch(c -> c.startsWith("data") || c.contains("victim"));
    }

    @Test
    void aBareLfInsideAMessageIsRefusedAfterItsRealEndAndTheSessionGoesOn() throws IOException {
        assertThat(client.sendMessage("a@example.com", "b@example.org", "Subject: x\r\n\r\nline one\nline two\r\n"))
                .startsWith("550 5.6.0 ");
        assertThat(client.sendMessage("a@example.com", "b@example.org", "Subject: y\r\n\r\nfine\r\n"))
                .startsWith("250 2.0.0");
        assertThat(handler.messages)
                .extracting(RecordingHandler.Message::text)
                .containsExactly("Subject: y\r\n\r\nfine\r\n");
        assertThat(handler.calls)
                .containsSubsequence("mailFrom a@example.com", "reset", "mailFrom a@example.com", "data 20");
    }

    @Test
    void aBareCrInsideAMessageIsRefused() throws IOException {
        assertThat(client.sendMessage("a@example.com", "b@example.org", "Subject: x\r\n\r\nover\rwrite\r\n"))
                .startsWith("550 5.6.0 ");
    }

    @Test
    void eightBitAndUtf8ContentArrivesUnchanged() throws IOException {
        byte[] content = "Subject: =?UTF-8?Q?caf=C3=A9?=\r\n\r\nCafé ☕ \u00ff\r\n".getBytes(StandardCharsets.UTF_8);
        client.send("EHLO client.test");
        client.send("MAIL FROM:<a@example.com> BODY=8BITMIME");
        client.send("RCPT TO:<b@example.org>");
        client.send("DATA");
        client.write(content);
        client.write(".\r\n");
        assertThat(client.reply()).startsWith("250 2.0.0");
        assertThat(handler.messages.get(0).content()).isEqualTo(content);
    }

    @Test
    void aMessageOverTheSizeLimitIsReadToItsEndThenRefused552AndTheSessionGoesOn() throws IOException {
        String big = ("x".repeat(98) + "\r\n").repeat(11);
        assertThat(client.sendMessage("a@example.com", "b@example.org", big))
                .isEqualTo("552 5.3.4 Message size exceeds fixed limit");
        assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
        String fits = ("x".repeat(98) + "\r\n").repeat(10);
        assertThat(client.sendMessage("a@example.com", "b@example.org", fits)).startsWith("250 2.0.0");
        assertThat(handler.messages).hasSize(1);
        assertThat(handler.messages.get(0).content()).hasSize(1000);
    }
}
