package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits that keep a node alive, each with short test settings, over raw sockets. */
class SmtpLimitsTest {
    private final RecordingHandler handler = new RecordingHandler();
    private SmtpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private SmtpServer start(SmtpServerSettings.Builder settings) {
        server = TestServers.start(settings, handler);
        return server;
    }

    @Test
    void aClientOverItsSessionLimitGets421AtConnectUntilOneOfItsSessionsEnds() throws IOException {
        start(TestServers.settings().maxSessionsPerClient(2));
        try (RawSmtp one = RawSmtp.connect(server.port());
                RawSmtp two = RawSmtp.connect(server.port())) {
            assertThat(one.reply()).startsWith("220 ");
            assertThat(two.reply()).startsWith("220 ");
            try (RawSmtp three = RawSmtp.connect(server.port())) {
                assertThat(three.reply())
                        .isEqualTo("421 4.7.0 mx.postject.test Error: too many connections from 127.0.0.1");
                assertThat(three.closedByServer()).isTrue();
            }
            one.send("QUIT");
            await().until(() -> server.sessions() == 1);
            try (RawSmtp four = RawSmtp.connect(server.port())) {
                assertThat(four.reply()).startsWith("220 ");
            }
        }
    }

    @Test
    void aClientThatReconnectsAsSoonAsItReadsTheGoodbyeIsNotOverItsLimit() throws IOException {
        start(TestServers.settings().maxSessionsPerClient(1));
        for (int i = 0; i < 300; i++) {
            try (RawSmtp client = RawSmtp.connect(server.port())) {
                assertThat(client.reply()).as("connection %d", i).startsWith("220 ");
                assertThat(client.send("QUIT")).isEqualTo("221 2.0.0 Bye");
            }
        }
    }

    @Test
    void theServerOverItsSessionLimitGets421AtConnect() throws IOException {
        start(TestServers.settings().maxSessions(1));
        try (RawSmtp one = RawSmtp.connect(server.port());
                RawSmtp two = RawSmtp.connect(server.port())) {
            assertThat(one.reply()).startsWith("220 ");
            assertThat(two.reply()).isEqualTo("421 4.7.0 mx.postject.test Error: too many connections");
        }
    }

    @Test
    void serversSharingTheirLimitsCountTheirConnectionsTogether() throws IOException {
        ConnectionLimits shared = new ConnectionLimits(2, 2);
        start(TestServers.settings());
        SmtpServer other = new SmtpServer(TestServers.settings().build(), null, handler, shared);
        SmtpServer third = new SmtpServer(TestServers.settings().build(), null, handler, shared);
        other.start();
        third.start();
        try (RawSmtp one = RawSmtp.connect(other.port());
                RawSmtp two = RawSmtp.connect(third.port())) {
            assertThat(one.reply()).startsWith("220 ");
            assertThat(two.reply()).startsWith("220 ");
            assertThat(shared.open()).isEqualTo(2);
            try (RawSmtp three = RawSmtp.connect(other.port());
                    RawSmtp unshared = RawSmtp.connect(server.port())) {
                assertThat(three.reply()).isEqualTo("421 4.7.0 mx.postject.test Error: too many connections");
                assertThat(unshared.reply()).startsWith("220 ");
            }
            two.send("QUIT");
            await().until(() -> shared.open() == 1);
            try (RawSmtp four = RawSmtp.connect(other.port())) {
                assertThat(four.reply()).startsWith("220 ");
            }
        } finally {
            other.stop();
            third.stop();
        }
    }

    @Test
    void aSessionIsClosedWith421AfterTooManyErrors() throws IOException {
        start(TestServers.settings().maxErrors(3));
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            assertThat(client.send("BOGUS")).startsWith("502 5.5.1");
            assertThat(client.send("RCPT TO:<a@example.com>")).startsWith("503 5.5.1");
            client.write("EHLO\r\n");
            assertThat(client.reply()).isEqualTo("501 5.5.4 Syntax: EHLO hostname");
            assertThat(client.reply()).isEqualTo("421 4.7.0 mx.postject.test Error: too many errors");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anIdleClientIsClosedWith421AfterTheCommandTimeout() throws IOException {
        start(TestServers.settings().commandTimeout(Duration.ofMillis(300)));
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            assertThat(client.reply()).isEqualTo("421 4.4.2 mx.postject.test Error: timeout exceeded");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aCommandTrickledAByteAtATimeStillRunsOutOfTime() throws Exception {
        start(TestServers.settings().commandTimeout(Duration.ofMillis(600)));
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            // one byte every 100 ms: never idle for the timeout, but the line never ends
            trickle.scheduleAtFixedRate(
                    () -> {
                        try {
                            client.write("x");
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            assertThat(client.reply()).isEqualTo("421 4.4.2 mx.postject.test Error: timeout exceeded");
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void aMessageThatStopsArrivingIsClosedWith421AfterTheDataTimeout() throws IOException {
        start(TestServers.settings().dataTimeout(Duration.ofMillis(300)));
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            client.send("MAIL FROM:<a@example.com>");
            client.send("RCPT TO:<b@example.org>");
            client.send("DATA");
            client.write("Subject: never finished\r\n");
            assertThat(client.reply()).isEqualTo("421 4.4.2 mx.postject.test Error: timeout exceeded");
            assertThat(client.closedByServer()).isTrue();
        }
        await().until(() -> handler.closed.get() == 1);
        assertThat(handler.calls).noneMatch(c -> c.startsWith("data"));
    }

    @Test
    void eachRecipientOverTheLimitIs452AndTheMessageGoesToTheOthers() throws IOException {
        start(TestServers.settings().maxRecipients(2));
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            client.send("MAIL FROM:<a@example.com>");
            assertThat(client.send("RCPT TO:<one@example.org>")).startsWith("250 2.1.5");
            assertThat(client.send("RCPT TO:<two@example.org>")).startsWith("250 2.1.5");
            assertThat(client.send("RCPT TO:<three@example.org>")).isEqualTo("452 4.5.3 Too many recipients");
            assertThat(client.send("RCPT TO:<four@example.org>")).isEqualTo("452 4.5.3 Too many recipients");
            client.send("DATA");
            client.write("x\r\n.\r\n");
            assertThat(client.reply()).startsWith("250 2.0.0");
        }
        assertThat(handler.messages.get(0).envelope().recipients()).hasSize(2);
        assertThat(handler.calls).noneMatch(c -> c.contains("three") || c.contains("four"));
    }

    @Test
    void aLineOverTheLengthLimitIs500AndTheSessionGoesOn() throws IOException {
        start(TestServers.settings().maxLineLength(512));
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            assertThat(client.send("NOOP " + "x".repeat(505))).isEqualTo("250 2.0.0 Ok"); // 512 with CRLF
            assertThat(client.send("NOOP " + "x".repeat(506))).isEqualTo("500 5.5.2 Line too long");
            assertThat(client.send("NOOP " + "x".repeat(100_000))).isEqualTo("500 5.5.2 Line too long");
            assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
        }
    }

    @Test
    void aSessionIsClosedWith421AfterTooManyCommands() throws IOException {
        start(TestServers.settings().maxCommands(3));
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.write("NOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n");
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).isEqualTo("421 4.7.0 mx.postject.test Error: too many commands");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientThatNeverReadsItsRepliesIsDisconnectedAfterTheCommandTimeout() throws Exception {
        start(TestServers.settings().commandTimeout(Duration.ofMillis(500)).maxCommands(Integer.MAX_VALUE));
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            byte[] burst =
                    "EHLO a-client-that-reads-nothing.example\r\n".repeat(1000).getBytes();
            CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
                try {
                    while (true) {
                        client.write(burst); // blocks once the server stops reading
                    }
                } catch (IOException e) {
                    return e;
                }
            });
            assertThat(writer.get(20, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        }
        await().until(() -> server.sessions() == 0);
    }
}
