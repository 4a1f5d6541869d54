package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sandbox daily limit under concurrent sends: never more than the limit, each refusal as one alone gets. */
class SandboxDailyLimitTest {
    private static final int LIMIT = 25;

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port, ConfigOverride.config("sending.sandboxDailyLimit", Integer.toString(LIMIT)));

    private static final AtomicInteger N = new AtomicInteger();

    /** A sandbox account's API key, and one email from its confirmed sender to its confirmed recipient. */
    private record Sender(String key, Map<String, Object> email) {}

    private static Sender sender() {
        int n = N.incrementAndGet();
        String token = APP.api().signUp("limit" + n + "@example.com").token();
        String key = APP.api().createKey(token, "{}").get("key").asText();
        String from = "from-" + n + "@example.net";
        String to = "to-" + n + "@example.net";
        Mailbox.confirm(APP.api(), SMTP, key, from);
        Mailbox.confirm(APP.api(), SMTP, key, to);
        return new Sender(key, Map.of("from", from, "to", to, "subject", "limit", "text", "x"));
    }

    private static Reply send(Sender s) {
        return APP.api().post("/v1/emails", s.key(), Api.json(s.email()));
    }

    /** Runs every call at once, each on its own connection, and returns their answers. */
    private static List<Reply> atOnce(List<Callable<Reply>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        for (Callable<Reply> call : calls) {
            futures.add(pool.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> future : futures) {
            replies.add(future.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return replies;
    }

    private static List<Callable<Reply>> singles(Sender s, int count) {
        List<Callable<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(() -> send(s));
        }
        return calls;
    }

    /** Refused as a send alone at the limit is: 429, and Retry-After when the oldest email leaves the window. */
    private static void assertLimitReached(Reply reply) {
        assertRefusedForTheLimit(reply);
        assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(86_000L, 86_401L);
    }

    private static void assertRefusedForTheLimit(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(429);
        assertThat(reply.errorCode()).isEqualTo("sandbox_limit_reached");
    }

    private static int emailsListed(Sender s) {
        int listed = 0;
        String page = "/v1/emails?limit=100";
        while (page != null) {
            var body = APP.api().get(page, s.key()).json();
            listed += body.get("data").size();
            page = body.get("hasMore").asBoolean()
                    ? "/v1/emails?limit=100&after=" + body.get("nextCursor").asText()
                    : null;
        }
        return listed;
    }

    @Test
    void fortyConcurrentSends_againstALimitOf25_accept25_andRefuse15WithRetryAfter() throws Exception {
        Sender s = sender();

        List<Reply> replies = atOnce(singles(s, 40));

        assertThat(replies).filteredOn(r -> r.status() == 202).hasSize(LIMIT);
        List<Reply> refused = replies.stream().filter(r -> r.status() != 202).toList();
        assertThat(refused).hasSize(15);
        refused.forEach(SandboxDailyLimitTest::assertLimitReached);
        assertThat(emailsListed(s)).isEqualTo(LIMIT);
    }

    @Test
    void concurrentSends_afterTheAllowanceIsKnown_stillStopAtTheLimit_andBatchesCountEachItem() throws Exception {
        Sender s = sender();
        assertThat(send(s).status()).isEqualTo(202); // the room is known from here: 24
        List<Callable<Reply>> calls = singles(s, 20);
        calls.add(() -> APP.api().post("/v1/emails/batch", s.key(), Api.json(List.of(s.email(), s.email()))));
        calls.add(() -> APP.api().post("/v1/emails/batch", s.key(), Api.json(List.of(s.email(), s.email()))));
        calls.add(() -> APP.api()
                .post("/v1/emails/batch", s.key(), Api.json(List.of(s.email(), s.email(), s.email(), s.email()))));

        List<Reply> replies = atOnce(calls);

        int accepted = 0;
        for (Reply reply : replies) {
            if (reply.status() == 200) { // a batch: each item accepted or refused on its own
                for (var item : reply.json().get("data")) {
                    if (item.has("id")) {
                        accepted++;
                    } else {
                        assertThat(item.get("error").get("code").asText()).isEqualTo("sandbox_limit_reached");
                    }
                }
            } else if (reply.status() == 202) {
                accepted++;
            } else {
                assertLimitReached(reply);
            }
        }
        assertThat(accepted).isEqualTo(LIMIT - 1);
        assertThat(emailsListed(s)).isEqualTo(LIMIT);
        assertLimitReached(send(s));
    }

    @Test
    void theAllowanceComesBack_whenTheDaysFirstEmailsAreOlderThan24Hours() {
        Sender s = sender();
        for (int i = 0; i < 10; i++) {
            assertThat(send(s).status()).isEqualTo(202);
        }
        APP.clock().advance(Duration.ofHours(12));
        for (int i = 0; i < LIMIT - 10; i++) {
            assertThat(send(s).status()).isEqualTo(202);
        }
        Reply full = send(s);
        assertRefusedForTheLimit(full);
        assertThat(Long.parseLong(full.header("Retry-After"))).isBetween(12 * 3600L - 60, 12 * 3600L + 1);

        APP.clock().advance(Duration.ofSeconds(Long.parseLong(full.header("Retry-After"))));

        // the first of the first ten has left the rolling window when Retry-After said
        assertThat(send(s).status()).isEqualTo(202);
        // and a minute on, the rest of them (sent well within a minute of it); the fifteen sent 12 h
        // later still count
        APP.clock().advance(Duration.ofMinutes(1));
        for (int i = 0; i < 9; i++) {
            assertThat(send(s).status()).isEqualTo(202);
        }
        assertRefusedForTheLimit(send(s));
    }
}
