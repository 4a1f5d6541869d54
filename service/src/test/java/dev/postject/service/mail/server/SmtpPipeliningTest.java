package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 2920: replies to a pipelined group come back in order, written together. */
class SmtpPipeliningTest {
    private final RecordingHandler handler = new RecordingHandler();
    private SmtpServer server;
    private RawSmtp client;

    @BeforeEach
    void start() throws IOException {
        handler.refusedRecipients.add("stranger@example.org");
        server = TestServers.start(TestServers.settings(), handler);
        client = RawSmtp.connect(server.port());
        client.reply();
        client.send("EHLO client.test");
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.stop();
    }

    @Test
    void aMailRcptRcptDataBurstIsAnsweredInOneWriteInOrder() throws IOException {
        client.write("MAIL FROM:<a@example.com>\r\n"
                + "RCPT TO:<friend@example.org>\r\n"
                + "RCPT TO:<stranger@example.org>\r\n"
                + "DATA\r\n");

        assertThat(client.readOnce())
                .isEqualTo("250 2.1.0 Ok\r\n"
                        + "250 2.1.5 Ok\r\n"
                        + "550 5.7.1 Recipient not allowed: stranger@example.org\r\n"
                        + "354 End data with <CR><LF>.<CR><LF>\r\n");
        client.write("Subject: pipelined\r\n\r\nHi\r\n.\r\n");
        assertThat(client.reply()).startsWith("250 2.0.0 Ok: queued as ");
    }

    @Test
    void noReplyLeavesWhileMoreCommandsOfTheBurstAreWaiting() throws IOException {
        handler.rcptGate = new CountDownLatch(1);
        client.write("MAIL FROM:<a@example.com>\r\n"
                + "RCPT TO:<friend@example.org>\r\n"
                + "RCPT TO:<" + RecordingHandler.SLOW_RECIPIENT + ">\r\n"
                + "DATA\r\n");
        await().until(() -> handler.calls.contains("rcptTo " + RecordingHandler.SLOW_RECIPIENT));

        // the first two replies are ready, but DATA is still buffered: nothing may be sent yet
        assertThat(client.silentFor(300)).isTrue();
        handler.rcptGate.countDown();
        assertThat(client.readOnce())
                .isEqualTo("250 2.1.0 Ok\r\n" + "250 2.1.5 Ok\r\n" + "250 2.1.5 Ok\r\n"
                        + "354 End data with <CR><LF>.<CR><LF>\r\n");
    }

    @Test
    void theMessageEndAndTheNextTransactionInOneWriteGetTheirRepliesInOneWrite() throws IOException {
        client.write("MAIL FROM:<a@example.com>\r\nRCPT TO:<friend@example.org>\r\nDATA\r\n");
        client.readOnce();

        client.write("first\r\n.\r\nMAIL FROM:<b@example.com>\r\nRCPT TO:<friend@example.org>\r\nDATA\r\n");
        assertThat(client.readOnce())
                .isEqualTo("250 2.0.0 Ok: queued as msg_1\r\n"
                        + "250 2.1.0 Ok\r\n"
                        + "250 2.1.5 Ok\r\n"
                        + "354 End data with <CR><LF>.<CR><LF>\r\n");

        client.write("second\r\n.\r\nQUIT\r\n");
        assertThat(client.readOnce()).isEqualTo("250 2.0.0 Ok: queued as msg_2\r\n221 2.0.0 Bye\r\n");
        assertThat(client.closedByServer()).isTrue();
        assertThat(handler.messages)
                .extracting(RecordingHandler.Message::text)
                .containsExactly("first\r\n", "second\r\n");
    }

    @Test
    void errorsInsideAPipelinedGroupAreAnsweredInPlace() throws IOException {
        client.write("RCPT TO:<early@example.org>\r\nNOOP\r\nBOGUS\r\nRSET\r\n");
        assertThat(client.readOnce())
                .isEqualTo("503 5.5.1 Need MAIL before RCPT\r\n"
                        + "250 2.0.0 Ok\r\n"
                        + "502 5.5.1 Command not recognized\r\n"
                        + "250 2.0.0 Ok\r\n");
    }
}
