package dev.postject.service.mail.direct;

import static dev.postject.service.mail.direct.DirectTransportTest.MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.direct.DirectOutcome.Delivered;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions to a mail server: reused, capped in number and in messages, and closed when idle. */
class DirectTransportSessionsTest {
    private static final String FROM = "app@postject.test";

    @RegisterExtension
    static final TestDns DNS = new TestDns();

    private final Destinations destinations = new Destinations(DNS);
    private final ExecutorService senders = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        senders.shutdownNow();
        destinations.close();
    }

    private static int count(String text, String part) {
        return text.split(part, -1).length - 1;
    }

    @Test
    void messagesToOneServerShareOneSessionWithRsetBetweenThem() throws Exception {
        String domain = Destinations.domain("reuse");
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, null);
        DirectTransport transport = destinations.transport();

        for (int i = 0; i < 5; i++) {
            assertThat(transport.send(FROM, List.of("user" + i + "@" + domain), MESSAGE))
                    .allSatisfy((r, outcome) -> assertThat(outcome).isInstanceOf(Delivered.class));
        }

        assertThat(server.received()).hasSize(5);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(count(server.wire(), "RSET\r\n")).isEqualTo(4);
        assertThat(transport.openSessions("mx." + domain)).isEqualTo(1);
    }

    @Test
    void aSessionCarriesAtMostTheMessagesPerConnection() throws Exception {
        String domain = Destinations.domain("cap");
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, null);
        destinations.settings.messagesPerConnection(2);
        DirectTransport transport = destinations.transport();

        for (int i = 0; i < 5; i++) {
            transport.send(FROM, List.of("user" + i + "@" + domain), MESSAGE);
        }

        assertThat(server.received()).hasSize(5);
        assertThat(server.connections()).isEqualTo(3);
        assertThat(count(server.wire(), "QUIT\r\n"))
                .as("full sessions are closed")
                .isEqualTo(2);
    }

    @Test
    void noMoreThanTheConnectionsPerHostAreOpenAtOnceAndTheOtherSendersWaitForThem() throws Exception {
        String domain = Destinations.domain("limit");
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, null).holdData();
        destinations.settings.connectionsPerHost(2).connectTimeoutSeconds(10);
        DirectTransport transport = destinations.transport();

        List<Future<Map<String, DirectOutcome>>> sends = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String recipient = "user" + i + "@" + domain;
            sends.add(senders.submit(() -> transport.send(FROM, List.of(recipient), MESSAGE)));
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> server.held() == 2 && transport.waitingFor("mx." + domain) == 2);
        assertThat(transport.openSessions("mx." + domain)).isEqualTo(2);
        server.releaseData();

        for (Future<Map<String, DirectOutcome>> send : sends) {
            assertThat(send.get(5, TimeUnit.SECONDS))
                    .allSatisfy((r, outcome) -> assertThat(outcome).isInstanceOf(Delivered.class));
        }
        assertThat(server.received()).hasSize(4);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aSessionUnusedForTheIdleTimeIsClosed() throws Exception {
        String domain = Destinations.domain("idle");
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, null);
        DirectTransport transport = destinations.transport();
        transport.send(FROM, List.of("bob@" + domain), MESSAGE);

        transport.closeIdle();
        assertThat(transport.openSessions("mx." + domain))
                .as("not idle long enough")
                .isEqualTo(1);
        destinations.clock.advance(Duration.ofSeconds(6));
        transport.start(); // its housekeeping closes idle sessions every second

        await().atMost(Duration.ofSeconds(5)).until(() -> transport.openSessions("mx." + domain) == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.wire().endsWith("QUIT\r\n"));
        transport.send(FROM, List.of("carol@" + domain), MESSAGE);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aSessionTheServerDroppedWhileIdleIsReplacedByANewOne() throws Exception {
        String domain = Destinations.domain("dropped");
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, null);
        DirectTransport transport = destinations.transport();
        transport.send(FROM, List.of("bob@" + domain), MESSAGE);
        server.dropConnections();

        assertThat(transport.send(FROM, List.of("carol@" + domain), MESSAGE))
                .allSatisfy((r, outcome) -> assertThat(outcome).isInstanceOf(Delivered.class));
        assertThat(server.received()).hasSize(2);
        assertThat(server.connections()).isEqualTo(2);
    }
}
