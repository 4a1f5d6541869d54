package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sends of a production account arriving at the same moment, which acceptance commits together:
 * each answered 202 with its own email, found at once by the credential that sent it (and by no
 * other send-only one), each in the ledger as its own sender's, fewer commits than sends, each
 * delivered once.
 */
class ConcurrentSendsTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final TestDns DNS = new TestDns();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("dns.servers", () -> "127.0.0.1:" + DNS.port()));

    private static final String DOMAIN = "together.test";
    private static final int SENDS = 40;
    private static ProductionAccounts.Account account;

    @BeforeAll
    static void productionAccount() throws Exception {
        account = ProductionAccounts.open(APP.api(), DNS, SMTP, "owner@" + DOMAIN, DOMAIN, "tester@inbox.test");
    }

    @Test
    void concurrentSends_fromSeveralSendOnlyKeys_eachFoundAtOnceByItsOwnKeyOnly_andDeliveredOnce() {
        List<JsonNode> made = List.of(sendingKey(), sendingKey(), sendingKey(), sendingKey());
        List<String> keys = made.stream().map(key -> key.get("key").asText()).toList();

        List<Reply> replies = Parallel.replies(
                SENDS,
                i -> APP.api()
                        .post(
                                "/v1/emails",
                                keys.get(i % keys.size()),
                                Api.json(Map.of(
                                        "from",
                                        "app@" + DOMAIN,
                                        "to",
                                        "reader" + i + "@customers.test",
                                        "subject",
                                        "Together " + i,
                                        "text",
                                        "Hi"))));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SENDS; i++) {
            Reply reply = replies.get(i);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
            String id = reply.json().get("id").asText();
            ids.add(id);
            String sender = keys.get(i % keys.size());
            String another = keys.get((i + 1) % keys.size());
            Reply mine = APP.api().get("/v1/emails/" + id, sender);
            assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
            assertThat(mine.json().get("subject").asText()).isEqualTo("Together " + i);
            assertThat(APP.api().get("/v1/emails/" + id, another).status())
                    .as("a send-only key reads only the emails it sent")
                    .isEqualTo(404);
        }
        Jdbi database = Jdbi.create(APP.databaseUrl(), TestPostgres.USER, "");
        for (int i = 0; i < SENDS; i++) { // each EmailQueued in the ledger names the key that sent it
            String keyId = made.get(i % made.size()).get("id").asText();
            String id = ids.get(i);
            String metadata = database.withHandle(h -> h.createQuery("SELECT convert_from(metaData, 'UTF8')"
                            + " FROM DomainEventEntry WHERE aggregateIdentifier = :id AND sequenceNumber = 0")
                    .bind("id", id)
                    .mapTo(String.class)
                    .one());
            assertThat(metadata).contains(keyId);
        }
        int commits = database.withHandle(
                h -> h.createQuery("SELECT count(DISTINCT xmin::text) FROM email_contents WHERE email_id = ANY(:ids)")
                        .bindArray("ids", String.class, ids)
                        .mapTo(Integer.class)
                        .one());
        assertThat(commits).as("sends that arrived together committed together").isLessThan(SENDS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < SENDS; i++) {
                assertThat(SMTP.receivedFor("reader" + i + "@customers.test")).hasSize(1);
            }
        });
    }

    private static JsonNode sendingKey() {
        return APP.api().createKey(account.token(), "{\"permission\":\"sending_access\"}");
    }
}
