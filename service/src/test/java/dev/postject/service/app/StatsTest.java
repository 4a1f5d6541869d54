package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /v1/stats} counted from real sends: deliveries to a real SMTP server, a 5xx bounce, a
 * 4xx deferral, opens and clicks through the real tracking endpoints; by hour, day and tag, each
 * account its own; counted once across a restart and a replay.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatsTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("http.publicUrl", "https://stats.postject.test"),
            ConfigOverride.config("delivery.retryInitialSeconds", "3600")); // the deferral stays one

    private static final Pattern TRACKED = Pattern.compile("https://stats\\.postject\\.test(/t/[oc]/[A-Za-z0-9_.-]+)");
    private static final String HTML =
            "<html><body><p>Hi!</p><a href=\"https://shop.example/offer\">Offer</a></body></html>";

    private static String key;
    private static Session session;

    private static Api api() {
        return APP.api();
    }

    /**
     * One sandbox account's sending: a tagged email delivered to two, opened and clicked by one;
     * an untagged email refused with 550 5.1.1 (a hard bounce); a tagged one deferred (451).
     */
    @BeforeAll
    static void sendingHappened() throws Exception {
        session = api().signUp("stats-owner@example.com");
        key = api().createKey(session.token(), "{}").get("key").asText();
        for (String address :
                List.of("news@stats.test", "ann@stats.test", "bob@stats.test", "gone@stats.test", "slow@stats.test")) {
            Mailbox.confirm(api(), SMTP, key, address);
        }
        patch(key, "{\"defaults\":{\"trackOpens\":true,\"trackClicks\":true}}");
        SMTP.script("gone@stats.test", 550);
        SMTP.script("slow@stats.test", 451);

        String receipt = send(key, List.of("ann@stats.test", "bob@stats.test", "ANN@stats.test"), "receipts");
        send(key, List.of("gone@stats.test"), null);
        send(key, List.of("slow@stats.test"), "receipts");

        List<String> annLinks = tracked(html(awaitMail(receipt, "ann@stats.test")));
        assertThat(annLinks).hasSize(2); // the link and the pixel
        assertThat(api().get(annLinks.get(0), null).status()).isEqualTo(302); // a click
        assertThat(api().get(annLinks.get(1), null).status()).isEqualTo(200); // an open
        awaitBucket(key, "interval=day", "sent", 4, "delivered", 2, "deferred", 1, "opened", 1, "clicked", 1);
        awaitBucket(key, "interval=day", "bounced.hard", 1);
    }

    @Test
    void byDay_theLastSevenDays_eachBucketInOrder_withTheCountsOfToday() {
        JsonNode stats = stats(key, "interval=day");

        assertThat(stats.get("interval").asText()).isEqualTo("day");
        assertThat(stats.get("timezone").asText()).isEqualTo("UTC");
        JsonNode buckets = stats.get("buckets");
        assertThat(buckets).hasSize(7);
        Instant today = APP.clock().instant().truncatedTo(ChronoUnit.DAYS);
        for (int i = 0; i < 7; i++) {
            assertThat(Instant.parse(buckets.get(i).get("start").asText()))
                    .isEqualTo(today.minus(6 - i, ChronoUnit.DAYS));
        }
        for (int i = 0; i < 6; i++) {
            assertThat(buckets.get(i).get("sent").asLong())
                    .as("an empty day is zeros")
                    .isZero();
        }
        JsonNode todays = buckets.get(6);
        // ann twice in one email (in two spellings) is one send; the confirmation mails are Postject's own
        assertThat(todays.get("sent").asLong()).isEqualTo(4);
        assertThat(todays.get("delivered").asLong()).isEqualTo(2);
        assertThat(todays.get("deferred").asLong()).isEqualTo(1);
        assertThat(todays.get("bounced"))
                .isEqualTo(Api.parse("{\"hard\":1,\"soft\":0,\"block\":0,\"undetermined\":0,\"total\":1}"));
        assertThat(todays.get("complained").asLong()).isZero();
        assertThat(todays.get("opened").asLong()).isEqualTo(1);
        assertThat(todays.get("clicked").asLong()).isEqualTo(1);

        JsonNode rates = stats.get("rates");
        assertThat(rates.get("sends").asInt()).isEqualTo(4);
        assertThat(rates.get("bounceRate").asDouble()).isEqualTo(0.25);
        assertThat(rates.get("complaintRate").asDouble()).isZero();
        assertThat(rates.get("thresholds")).isEqualTo(Api.parse("{\"bounceRate\":0.05,\"complaintRate\":0.003}"));
        assertThat(rates.get("minimumSends").asInt()).isEqualTo(100);
        assertThat(rates.get("bounceAtRisk").asBoolean())
                .as("too few sends to judge")
                .isFalse();
    }

    @Test
    void byHour_theLast24Hours_theCurrentHourHoldingTheCounts() {
        JsonNode buckets = stats(key, "interval=hour").get("buckets");

        assertThat(buckets).hasSize(24);
        Instant hour = APP.clock().instant().truncatedTo(ChronoUnit.HOURS);
        assertThat(Instant.parse(buckets.get(23).get("start").asText())).isEqualTo(hour);
        assertThat(Instant.parse(buckets.get(0).get("start").asText())).isEqualTo(hour.minus(23, ChronoUnit.HOURS));
        assertThat(buckets.get(23).get("sent").asLong()).isEqualTo(4);
        assertThat(buckets.get(22).get("sent").asLong()).isZero();
    }

    @Test
    void aRangeOfItsOwn_isRoundedToWholeBuckets() {
        Instant hour = APP.clock().instant().truncatedTo(ChronoUnit.HOURS);
        JsonNode stats =
                stats(key, "interval=hour&from=" + hour.plusSeconds(1800) + "&to=" + hour.plus(2, ChronoUnit.HOURS));

        assertThat(Instant.parse(stats.get("from").asText())).isEqualTo(hour);
        assertThat(stats.get("buckets")).hasSize(2);
        assertThat(stats.get("buckets").get(0).get("sent").asLong()).isEqualTo(4);
        JsonNode before = stats(key, "interval=hour&from=" + hour.minus(3, ChronoUnit.HOURS) + "&to=" + hour);
        assertThat(before.get("buckets"))
                .hasSize(3)
                .allSatisfy(b -> assertThat(b.get("sent").asLong()).isZero());
    }

    @Test
    void byTag_onlyThatTagsEmails() {
        JsonNode receipts =
                stats(key, "interval=day&tag=receipts").get("buckets").get(6);

        assertThat(receipts.get("sent").asLong()).isEqualTo(3);
        assertThat(receipts.get("delivered").asLong()).isEqualTo(2);
        assertThat(receipts.get("deferred").asLong()).isEqualTo(1);
        assertThat(receipts.get("bounced").get("total").asLong()).isZero();
        assertThat(receipts.get("opened").asLong()).isEqualTo(1);
        assertThat(stats(key, "interval=day&tag=nothing-sent")
                        .get("buckets")
                        .get(6)
                        .get("sent")
                        .asLong())
                .isZero();
    }

    @Test
    void anotherAccount_seesNoneOfIt_withItsOwnKey_orItsDashboardToken() {
        Session other = api().signUp("stats-other@example.com");
        String otherKey = api().createKey(other.token(), "{}").get("key").asText();

        for (String credential : List.of(otherKey, other.token())) {
            JsonNode stats = stats(credential, "interval=day");
            assertThat(stats.get("buckets"))
                    .allSatisfy(b -> assertThat(b.get("sent").asLong()).isZero());
            assertThat(stats.get("rates").get("sends").asInt()).isZero();
        }
        assertThat(stats(session.token(), "interval=day")
                        .get("buckets")
                        .get(6)
                        .get("sent")
                        .asLong())
                .as("the owner's dashboard token reads the account's own")
                .isEqualTo(4);
    }

    @Test
    void withoutCredentials_401_andAServerToken_403() {
        Reply anonymous = api().get("/v1/stats", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");

        String serverToken =
                api().createServerToken(session.token(), "{}").get("token").asText();
        Reply refused = api().get("/v1/stats", serverToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("insufficient_scope");
    }

    @Test
    void badInput_is422_namingTheParameter() {
        Instant now = APP.clock().instant();
        Map<String, String[]> cases = new HashMap<>();
        cases.put("interval=week", new String[] {"invalid_interval", "interval"});
        cases.put("from=yesterday", new String[] {"invalid_instant", "from"});
        cases.put("to=2026-13-01T00:00:00Z", new String[] {"invalid_instant", "to"});
        cases.put("from=" + now + "&to=" + now, new String[] {"invalid_range", "from"});
        cases.put("from=" + now + "&to=" + now.minusSeconds(60), new String[] {"invalid_range", "from"});
        cases.put(
                "interval=hour&from=" + now.minus(32, ChronoUnit.DAYS) + "&to=" + now,
                new String[] {"range_too_long", "from"});
        cases.put(
                "interval=day&from=" + now.minus(401, ChronoUnit.DAYS) + "&to=" + now,
                new String[] {"range_too_long", "from"});
        cases.put("tag=" + "t".repeat(257), new String[] {"tag_too_long", "tag"});
        cases.forEach((query, expected) -> {
            Reply reply = api().get("/v1/stats?" + query, key);
            assertThat(reply.status()).as(query).isEqualTo(422);
            assertThat(reply.errorCode()).as(query).isEqualTo(expected[0]);
            assertThat(reply.json().get("error").get("field").asText())
                    .as(query)
                    .isEqualTo(expected[1]);
            assertThat(reply.body()).as(query).doesNotContain("Exception");
        });
        assertThat(api().get("/v1/stats?interval=hour&from=" + now.minus(30, ChronoUnit.DAYS) + "&to=" + now, key)
                        .status())
                .as("30 days of hours is fine")
                .isEqualTo(200);
        assertThat(api().get("/v1/stats?from=2026-12-01T00:00:00%2B01:00&to=2026-12-02T00:00:00Z", key)
                        .status())
                .as("an instant with an offset")
                .isEqualTo(200);
    }

    @Test
    @Order(100)
    void aRestartAndAReplay_countEachEventOnce() throws Exception {
        Session own = api().signUp("stats-replay@example.com");
        String ownKey = api().createKey(own.token(), "{}").get("key").asText();
        Mailbox.confirm(api(), SMTP, ownKey, "news@stats.test");
        Mailbox.confirm(api(), SMTP, ownKey, "replay@stats.test");
        send(ownKey, List.of("replay@stats.test"), "r");
        awaitBucket(ownKey, "interval=day", "sent", 1, "delivered", 1);

        APP.stop();
        APP.start();
        send(ownKey, List.of("replay@stats.test"), "r");
        awaitBucket(ownKey, "interval=day", "sent", 2, "delivered", 2);

        HttpResponse<String> replayed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + APP.adminPort() + "/tasks/replay-projection?name=stats"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        send(ownKey, List.of("replay@stats.test"), "r");
        awaitBucket(ownKey, "interval=day", "sent", 3, "delivered", 3);
        awaitBucket(key, "interval=day", "sent", 4, "delivered", 2, "opened", 1, "clicked", 1);
        assertThat(stats(ownKey, "interval=day").get("rates").get("sends").asInt())
                .isEqualTo(3);
    }

    // ------------------------------------------------------------------ helpers

    static JsonNode stats(String credential, String query) {
        Reply reply = APP.api().get("/v1/stats?" + query, credential);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    /** Waits until today's bucket holds exactly these counts ({@code bounced.hard} reaches into the object). */
    static void awaitBucket(String credential, String query, Object... expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode buckets = stats(credential, query).get("buckets");
            JsonNode last = buckets.get(buckets.size() - 1);
            for (int i = 0; i < expected.length; i += 2) {
                JsonNode value = last;
                for (String part : ((String) expected[i]).split("\\.")) {
                    value = value.get(part);
                }
                assertThat(value.asLong()).as((String) expected[i]).isEqualTo(((Integer) expected[i + 1]).longValue());
            }
        });
    }

    private static void patch(String credential, String body) {
        Reply reply = api().send(api().request("/v1/account", credential)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    private static String send(String credential, List<String> to, String tag) {
        Map<String, Object> body = new HashMap<>(
                Map.of("from", "news@stats.test", "to", to, "subject", "Stats", "text", "Hi", "html", HTML));
        if (tag != null) {
            body.put("tag", tag);
        }
        Reply reply = api().post("/v1/emails", credential, Api.json(body));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().get("id").asText();
    }

    private static ScriptedSmtpServer.Received awaitMail(String emailId, String recipient) {
        List<ScriptedSmtpServer.Received> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            found.clear();
            SMTP.receivedFor(recipient).stream()
                    .filter(r -> new String(r.data(), StandardCharsets.ISO_8859_1).contains(emailId))
                    .forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static String html(ScriptedSmtpServer.Received received) throws Exception {
        jakarta.mail.internet.MimeMultipart alternative =
                (jakarta.mail.internet.MimeMultipart) received.parse().getContent();
        return (String) alternative.getBodyPart(1).getContent();
    }

    private static List<String> tracked(String html) {
        List<String> paths = new ArrayList<>();
        Matcher m = TRACKED.matcher(html);
        while (m.find()) {
            paths.add(m.group(1));
        }
        return paths;
    }
}
