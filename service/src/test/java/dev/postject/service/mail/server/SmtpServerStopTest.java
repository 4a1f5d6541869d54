package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** start(), port() and a graceful stop(). */
class SmtpServerStopTest {
    private final RecordingHandler handler = new RecordingHandler();

    @Test
    void portZeroListensOnAFreePortThatPortTells() throws IOException {
        try (SmtpServer server = TestServers.start(TestServers.settings().port(0), handler)) {
            assertThat(server.port()).isPositive();
            try (RawSmtp client = RawSmtp.connect(server.port())) {
                assertThat(client.reply()).startsWith("220 ");
            }
        }
    }

    @Test
    void stopSaysGoodbyeToSessionsWaitingBetweenTransactionsAndStopsAccepting() throws Exception {
        SmtpServer server = TestServers.start(TestServers.settings(), TestServers.serverTls(), handler);
        int port = server.port();
        try (RawSmtp idle = RawSmtp.connect(port);
                RawSmtp tls = RawSmtp.connect(port)) {
            idle.reply();
            idle.send("EHLO client.test");
            tls.reply();
            tls.send("EHLO client.test");
            tls.send("STARTTLS");
            tls.startTls(TestServers.clientTls());
            assertThat(tls.send("EHLO client.test")).startsWith("250-");

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
            assertThat(idle.reply()).isEqualTo("421 4.3.2 mx.postject.test Service shutting down");
            assertThat(idle.closedByServer()).isTrue();
            assertThat(tls.reply()).isEqualTo("421 4.3.2 mx.postject.test Service shutting down");
            stopped.get(10, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> RawSmtp.connect(port)).isInstanceOf(ConnectException.class);
        assertThat(handler.closed.get()).isEqualTo(2);
    }

    @Test
    void stopLetsATransactionUnderWayFinishThenSaysGoodbye() throws Exception {
        SmtpServer server = TestServers.start(TestServers.settings(), handler);
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            client.send("MAIL FROM:<a@example.com>");
            client.send("RCPT TO:<b@example.org>");

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
            await().untilAsserted(() ->
                    assertThatThrownBy(() -> RawSmtp.connect(server.port())).isInstanceOf(ConnectException.class));
            assertThat(client.send("DATA")).startsWith("354");
            client.write("Subject: last one\r\n\r\nin time\r\n.\r\n");
            assertThat(client.reply()).startsWith("250 2.0.0 Ok: queued as");
            assertThat(client.reply()).isEqualTo("421 4.3.2 mx.postject.test Service shutting down");
            stopped.get(10, TimeUnit.SECONDS);
        }
        assertThat(handler.messages).hasSize(1);
    }

    @Test
    void stopWaitsForAHandlerCommittingAMessage() throws Exception {
        handler.dataGate = new CountDownLatch(1);
        SmtpServer server = TestServers.start(TestServers.settings(), handler);
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            client.send("MAIL FROM:<a@example.com>");
            client.send("RCPT TO:<b@example.org>");
            client.send("DATA");
            client.write("x\r\n.\r\n");
            await().until(() -> handler.calls.contains("data 3"));

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
            handler.dataGate.countDown();
            assertThat(client.reply()).startsWith("250 2.0.0");
            assertThat(client.reply()).startsWith("421 4.3.2");
            stopped.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void stopClosesSessionsStillInATransactionWhenTheShutdownTimeoutRunsOut() throws Exception {
        SmtpServer server = TestServers.start(TestServers.settings().shutdownTimeout(Duration.ofMillis(300)), handler);
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            client.send("MAIL FROM:<a@example.com>");

            server.stop();
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(server.sessions()).isZero();
        assertThat(handler.closed.get()).isEqualTo(1);
    }
}
