package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reputation guard: a production account whose hard bounces (real 550 5.1.1 refusals from a
 * real SMTP server) reach 5% of its recent sends gets {@code SendingReputationAtRisk} in its ledger
 * once per crossing, as the system, and its owner a mail within the own-mail limit; re-armed when
 * the rate falls back; operators see the account at risk and pause it.
 * The window's minimum is lowered to 20 sends for the test, and the owner's warnings to one a day.
 */
class ReputationGuardTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final TestDns DNS = new TestDns();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("dns.servers", () -> "127.0.0.1:" + DNS.port()),
            ConfigOverride.config("sending.reputationMinimumSends", "20"),
            ConfigOverride.config("rateLimits.reputationWarningsPerAccountPerDay", "1"));

    private static final String OWNER = "owner@guarded.test";
    private static final String DOMAIN = "guarded.test";
    private static ProductionAccounts.Account account;

    @BeforeAll
    static void productionAccount() throws Exception {
        account = ProductionAccounts.open(APP.api(), DNS, SMTP, OWNER, DOMAIN, "tester@inbox.test");
    }

    private static void send(List<String> to) {
        Reply reply = APP.api()
                .post(
                        "/v1/emails",
                        account.key(),
                        Api.json(Map.of("from", "app@" + DOMAIN, "to", to, "subject", "Hello", "text", "Hi")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    }

    private static List<String> addresses(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> prefix + i + "@customers.test")
                .toList();
    }

    /** A send to an address the receiving server refuses with 550 5.1.1 (no such user). */
    private static void bounce(String address) {
        SMTP.script(address, 550);
        send(List.of(address));
    }

    private static JsonNode rates() {
        Reply stats = APP.api().get("/v1/stats", account.key());
        assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
        return stats.json().get("rates");
    }

    private static void awaitRates(int sends, int bounces) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode rates = rates();
            assertThat(rates.get("sends").asInt()).isEqualTo(sends);
            assertThat(rates.get("bounceRate").asDouble()).isEqualTo((double) bounces / sends);
        });
    }

    private static List<JsonNode> warnings() {
        Reply log = APP.api().get("/v1/account/audit-log?type=SendingReputationAtRisk&limit=100", account.token());
        assertThat(log.status()).as(log.toString()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        log.json().get("data").forEach(entries::add);
        return entries;
    }

    private static List<ScriptedSmtpServer.Received> warningMails() {
        return SMTP.receivedFor(OWNER).stream()
                .filter(m -> new String(m.data(), StandardCharsets.UTF_8).contains("Sending reputation at risk"))
                .toList();
    }

    /** Warning mails queued for the owner: committed with the warning that caused each. */
    private static int warningMailsQueued() {
        return Jdbi.create(APP.databaseUrl(), TestPostgres.USER, "")
                .withHandle(h -> h.createQuery("SELECT count(*) FROM rm_emails WHERE system"
                                + " AND subject LIKE 'Sending reputation at risk%' AND recipients::text LIKE :owner")
                        .bind("owner", "%" + OWNER + "%")
                        .mapTo(Integer.class)
                        .one());
    }

    @Test
    void crossingTheBounceThreshold_recordsItOnce_mailsTheOwnerWithinTheLimit_rearms_andOperatorsSeeAndPauseIt()
            throws Exception {
        // the sandbox email that opened the way to production is the window's first send
        send(addresses("good", 20));
        awaitRates(21, 0);
        bounce("gone0@customers.test");
        awaitRates(22, 1); // 4.5%: under the threshold
        assertThat(warnings()).isEmpty();

        bounce("gone1@customers.test"); // 2 of 23: 8.7%
        await().atMost(Duration.ofSeconds(20)).until(() -> warnings().size() == 1);
        JsonNode warning = warnings().get(0);
        assertThat(warning.get("actor").get("type").asText()).isEqualTo("system");
        assertThat(warning.get("data").get("metric").asText()).isEqualTo("bounce_rate");
        assertThat(warning.get("data").get("rate").asDouble()).isEqualTo(2.0 / 23);
        assertThat(warning.get("data").get("threshold").asDouble()).isEqualTo(0.05);
        assertThat(warning.get("data").get("sends").asInt()).isEqualTo(23);
        assertThat(warningMailsQueued()).as("queued with the warning").isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> warningMails().size() == 1);
        String mail = new String(warningMails().get(0).data(), StandardCharsets.UTF_8);
        assertThat(mail).contains("bounce rate 8.7%").contains("5.0%");
        JsonNode rates = rates();
        assertThat(rates.get("bounceAtRisk").asBoolean()).isTrue();
        assertThat(rates.get("complaintAtRisk").asBoolean()).isFalse();

        bounce("gone2@customers.test"); // still over: no second warning for the same crossing
        awaitRates(24, 3);
        assertThat(warnings()).hasSize(1);

        send(addresses("more", 38)); // 3 of 62: 4.8%, back under: re-armed
        awaitRates(62, 3);
        assertThat(rates().get("bounceAtRisk").asBoolean()).isFalse();
        assertThat(warnings()).hasSize(1);

        bounce("gone3@customers.test"); // 4 of 63: a new crossing, recorded
        await().atMost(Duration.ofSeconds(20)).until(() -> warnings().size() == 2);
        awaitRates(63, 4);
        assertThat(warnings()).hasSize(2);
        // but the owner had the one warning mail a day the own-mail limit allows here
        assertThat(warningMailsQueued()).isEqualTo(1);
        assertThat(warningMails()).hasSize(1);

        // operators see the account at risk, with its latest warning, and pause it: sends are refused
        String admin = adminToken();
        String accountId =
                APP.api().get("/v1/account", account.key()).json().get("id").asText();
        JsonNode atRisk = APP.api()
                .get("/v1/admin/accounts?limit=100&atRisk=true", admin)
                .json()
                .get("data");
        assertThat(atRisk).anySatisfy(listed -> {
            assertThat(listed.get("id").asText()).isEqualTo(accountId);
            assertThat(listed.get("reputationAtRisk").get("metric").asText()).isEqualTo("bounce_rate");
            assertThat(listed.get("reputationAtRisk").get("rate").asDouble()).isEqualTo(4.0 / 63);
        });
        Reply paused = APP.api()
                .post(
                        "/v1/admin/accounts/" + accountId + "/pause",
                        admin,
                        Api.json(Map.of("reason", "Bounce rate over 5%")));
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        Reply refused = APP.api()
                .post(
                        "/v1/emails",
                        account.key(),
                        Api.json(Map.of(
                                "from",
                                "app@" + DOMAIN,
                                "to",
                                List.of("good0@customers.test"),
                                "subject",
                                "Hi",
                                "text",
                                "Hi")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("sending_paused");
    }

    private static String adminToken() throws Exception {
        Cli.createAdmin("reputation-operator@postject.test", "operator password 1");
        return APP.api()
                .post(
                        "/v1/auth/login",
                        null,
                        Api.json(Map.of(
                                "email", "reputation-operator@postject.test", "password", "operator password 1")))
                .json()
                .get("token")
                .asText();
    }
}
