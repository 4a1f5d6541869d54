package dev.postject.service.mail.direct;

import static dev.postject.service.mail.direct.DirectTransportTest.MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.direct.DirectOutcome.Deferred;
import dev.postject.service.mail.direct.DirectOutcome.Delivered;
import dev.postject.service.mail.server.SmtpReply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Destinations that are overloaded or dead: backed off as a whole, and never in the way of the others. */
class DirectTransportBackoffTest {
    private static final String FROM = "app@postject.test";

    @RegisterExtension
    static final TestDns DNS = new TestDns();

    private final Destinations destinations = new Destinations(DNS);

    @AfterEach
    void close() throws Exception {
        destinations.close();
    }

    private static DirectOutcome only(Map<String, DirectOutcome> outcomes) {
        assertThat(outcomes).hasSize(1);
        return outcomes.values().iterator().next();
    }

    @Test
    void aDestinationGreetingWith421IsBackedOffWhileAnotherDestinationsMailFlows() throws Exception {
        String busy = Destinations.domain("busy");
        String calm = Destinations.domain("calm");
        MxTestServer busyServer = destinations
                .mx(busy, 10, "mx." + busy, null)
                .greetWith(new SmtpReply(421, "4.7.0", "Too many connections"));
        MxTestServer calmServer = destinations.mx(calm, 10, "mx." + calm, null);
        destinations.settings.backoffSeconds(60).backoffMaxSeconds(600);
        DirectTransport transport = destinations.transport();
        Instant start = destinations.clock.instant();

        DirectOutcome first = only(transport.send(FROM, List.of("bob@" + busy), MESSAGE));
        DirectOutcome again = only(transport.send(FROM, List.of("carol@" + busy), MESSAGE));
        DirectOutcome elsewhere = only(transport.send(FROM, List.of("dave@" + calm), MESSAGE));

        assertThat(first).isInstanceOfSatisfying(Deferred.class, d -> {
            assertThat(d.until()).isBetween(start.plusSeconds(59), start.plusSeconds(62));
            assertThat(d.reason()).contains("421");
        });
        assertThat(again)
                .isInstanceOfSatisfying(
                        Deferred.class,
                        d -> assertThat(d.reason()).startsWith("deferred until " + ((Deferred) first).until()));
        assertThat(busyServer.connections())
                .as("no connection while backed off")
                .isEqualTo(1);
        assertThat(transport.backedOffUntil(busy)).contains(((Deferred) first).until());
        assertThat(transport.backedOffUntil(calm)).isEmpty();
        assertThat(elsewhere).isInstanceOf(Delivered.class);
        assertThat(calmServer.received()).hasSize(1);

        destinations.clock.advance(Duration.ofSeconds(61));
        DirectOutcome later = only(transport.send(FROM, List.of("bob@" + busy), MESSAGE));

        assertThat(busyServer.connections())
                .as("tried again once the backoff ended")
                .isEqualTo(2);
        assertThat(((Deferred) later).until())
                .as("a second failure in a row backs off twice as long")
                .isAfter(destinations.clock.instant().plusSeconds(119));
    }

    @Test
    void aDestinationAnswering421ToARecipientIsBackedOffAndTheSessionClosed() throws Exception {
        String domain = Destinations.domain("rcpt-421");
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, null);
        DirectTransport transport = destinations.transport();

        DirectOutcome outcome = only(transport.send(FROM, List.of("busy@" + domain), MESSAGE));

        assertThat(outcome).isInstanceOfSatisfying(Deferred.class, d -> {
            assertThat(d.reply().code()).isEqualTo(421);
            assertThat(d.until()).isNotNull();
        });
        assertThat(transport.backedOffUntil(domain)).isPresent();
        assertThat(transport.openSessions("mx." + domain)).isZero();
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aDestinationThatNeverAnswersDoesNotDelayMailToALiveOne() throws Exception {
        String dead = Destinations.domain("dead");
        String live = Destinations.domain("live");
        HangingServer hanging = destinations.hanging(dead, "mx." + dead);
        MxTestServer liveServer = destinations.mx(live, 10, "mx." + live, null);
        destinations.settings.commandTimeoutSeconds(4);
        DirectTransport transport = destinations.transport();

        CompletableFuture<Map<String, DirectOutcome>> toDead =
                CompletableFuture.supplyAsync(() -> transport.send(FROM, List.of("bob@" + dead), MESSAGE));
        await().atMost(Duration.ofSeconds(2)).until(() -> hanging.connections() == 1);
        long started = System.nanoTime();
        DirectOutcome toLive = only(transport.send(FROM, List.of("carol@" + live), MESSAGE));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(toLive).isInstanceOf(Delivered.class);
        assertThat(toDead).as("still waiting for the dead one's greeting").isNotDone();
        assertThat(tookMillis).isLessThan(3000);
        assertThat(liveServer.received()).hasSize(1);

        DirectOutcome deadOutcome = only(toDead.get(10, TimeUnit.SECONDS));
        assertThat(deadOutcome)
                .isInstanceOfSatisfying(
                        Deferred.class, d -> assertThat(d.until()).isNotNull());
        started = System.nanoTime();
        DirectOutcome deadAgain = only(transport.send(FROM, List.of("dave@" + dead), MESSAGE));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .as("deferred at once while backed off")
                .isLessThan(1000);
        assertThat(deadAgain).isInstanceOf(Deferred.class);
        assertThat(hanging.connections()).isEqualTo(1);
    }

    @Test
    void aDestinationThatFallsSilentDuringAMessageIsBackedOff() throws Exception {
        String domain = Destinations.domain("silent");
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, null).holdData();
        destinations.settings.commandTimeoutSeconds(1); // the end of DATA waits twice this
        DirectTransport transport = destinations.transport();

        DirectOutcome outcome = only(transport.send(FROM, List.of("bob@" + domain), MESSAGE));
        server.releaseData();

        assertThat(outcome).isInstanceOfSatisfying(Deferred.class, d -> {
            assertThat(d.reply().code()).as("no verdict").isZero();
            assertThat(d.until()).isNotNull();
        });
        assertThat(transport.backedOffUntil(domain)).isPresent();
        assertThat(transport.openSessions("mx." + domain)).isZero();
    }

    @Test
    void aDeliveryThatGetsThroughEndsTheBackoffHistory() {
        Backoffs backoffs = new Backoffs(Duration.ofSeconds(60), Duration.ofSeconds(300));
        Instant now = Instant.parse("2026-12-02T00:00:00Z");

        Backoffs.Backoff first = backoffs.failed("d.test", "timeout", now);
        Backoffs.Backoff same = backoffs.failed("d.test", "timeout", now.plusSeconds(1));
        Backoffs.Backoff second = backoffs.failed("d.test", "timeout", now.plusSeconds(61));
        Backoffs.Backoff third = backoffs.failed("d.test", "timeout", now.plusSeconds(200));
        Backoffs.Backoff fourth = backoffs.failed("d.test", "timeout", now.plusSeconds(500));
        Backoffs.Backoff capped = backoffs.failed("d.test", "timeout", now.plusSeconds(900));
        backoffs.succeeded("d.test");
        Backoffs.Backoff afresh = backoffs.failed("d.test", "timeout", now.plusSeconds(2000));

        assertThat(first.until()).isEqualTo(now.plusSeconds(60));
        assertThat(same).as("one failure seen by several senders counts once").isEqualTo(first);
        assertThat(second.until()).isEqualTo(now.plusSeconds(61 + 120));
        assertThat(third.until()).isEqualTo(now.plusSeconds(200 + 240));
        assertThat(fourth.until()).isEqualTo(now.plusSeconds(500 + 300));
        assertThat(capped.until()).isEqualTo(now.plusSeconds(900 + 300));
        assertThat(afresh.until()).isEqualTo(now.plusSeconds(2060));
    }
}
