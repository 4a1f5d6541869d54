package dev.postject.service.app;

import static dev.postject.service.app.KeyAccount.DOMAIN;
import static dev.postject.service.app.KeyAccount.OTHER;
import static dev.postject.service.app.KeyAccount.TO;
import static dev.postject.service.app.KeyAccount.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
import io.dropwizard.testing.ConfigOverride;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sending-access API key limited to one verified domain, on the running app: over HTTP (one
 * email, a batch) and SMTP submission it sends only from exactly that domain, and nothing while the
 * domain is not verified; a removed domain never comes back for it.
 */
class ApiKeyDomainLimitTest {
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

    private static KeyAccount keys;

    private static Api api() {
        return APP.api();
    }

    @BeforeAll
    static void anAccountWithTwoVerifiedDomains() {
        keys = KeyAccount.open(api(), SMTP, DNS, "domain-limits@example.com");
    }

    @AfterEach
    void revokeTheKeysMade() {
        keys.revokeMade();
    }

    @Test
    void aDomainLimitedKey_sendsOnlyFromItsDomain_inAnyCase_andNotFromAnotherSubOrLookalikeOne() {
        String key = keys.create(Api.json(Map.of("permission", "sending_access", "domainId", keys.domainId)))
                .get("key")
                .asText();

        for (String from : List.of(
                "shop@" + DOMAIN,
                "Shop Team <shop@" + DOMAIN + ">",
                "SHOP@PERM-KEYS.TEST",
                "\"Ann, at shop\" <a@Perm-Keys.Test>")) {
            assertThat(keys.send(key, from).status()).as(from).isEqualTo(202);
        }
        for (String from : List.of(
                "shop@" + OTHER,
                "shop@mail." + DOMAIN,
                "shop@" + DOMAIN + ".evil.test",
                "shop@keys.test",
                "\"shop@" + DOMAIN + "\" <shop@" + OTHER + ">",
                "Shop <SHOP@" + OTHER.toUpperCase() + ">")) {
            Reply reply = keys.send(key, from);
            refused(reply, 403, "sender_domain_not_allowed");
            assertThat(reply.json().get("error").get("message").asText()).contains("@" + DOMAIN);
        }
        assertThat(keys.send(keys.fullKey, "shop@" + OTHER).status())
                .as("the account may send from it; the key may not")
                .isEqualTo(202);

        Reply batch = keys.batch(key, "a@" + DOMAIN, "b@" + OTHER);
        assertThat(batch.status()).isEqualTo(200);
        JsonNode items = batch.json().get("data");
        assertThat(items.get(0).get("id").asText()).startsWith("msg_");
        assertThat(items.get(1).get("error").get("code").asText()).isEqualTo("sender_domain_not_allowed");
    }

    @Test
    void whenItsDomainLosesVerification_theKeySendsNothing_untilItIsVerifiedAgain_andARemovedDomainNeverComesBack() {
        JsonNode flaky = keys.verifiedDomain(keys.session.token(), "perm-flaky.test");
        String flakyId = flaky.get("id").asText();
        String key = keys.create(Api.json(Map.of("permission", "sending_access", "domainId", flakyId)))
                .get("key")
                .asText();
        assertThat(keys.send(key, "shop@perm-flaky.test").status()).isEqualTo(202);

        keys.unpublish(flaky);
        Reply lost = api().post("/v1/domains/" + flakyId + "/verify", keys.session.token(), "");
        assertThat(lost.json().get("status").asText()).as(lost.toString()).isNotEqualTo("verified");
        refused(keys.send(key, "shop@perm-flaky.test"), 403, "key_domain_not_verified");
        refused(keys.send(key, "shop@" + DOMAIN), 403, "sender_domain_not_allowed");

        keys.publish(flaky);
        api().post("/v1/domains/" + flakyId + "/verify", keys.session.token(), "");
        assertThat(keys.send(key, "shop@perm-flaky.test").status())
                .as("verified again")
                .isEqualTo(202);

        assertThat(api().delete("/v1/domains/" + flakyId, keys.session.token()).status())
                .isEqualTo(204);
        refused(keys.send(key, "shop@perm-flaky.test"), 403, "key_domain_not_verified");
        String readded = keys.verifiedDomain(keys.session.token(), "perm-flaky.test")
                .get("id")
                .asText();
        assertThat(readded).isNotEqualTo(flakyId);
        refused(keys.send(key, "shop@perm-flaky.test"), 403, "key_domain_not_verified");
        assertThat(keys.send(keys.fullKey, "shop@perm-flaky.test").status()).isEqualTo(202);
    }

    @Test
    void overSmtpSubmission_aSendingKeyAuthenticatesAndSends_butOneLimitedToADomain_sendsOnlyFromIt() throws Exception {
        String sending =
                keys.create("{\"permission\":\"sending_access\"}").get("key").asText();
        String limited = keys.create(Api.json(Map.of("permission", "sending_access", "domain", DOMAIN)))
                .get("key")
                .asText();
        Submitter submitter = new Submitter(APP);
        try (RawSmtp client = submitter.authenticated(sending)) {
            assertThat(submit(client, "shop@" + OTHER, "shop@" + OTHER)).startsWith("250 2.0.0 OK queued as msg_");
        }
        try (RawSmtp client = submitter.authenticated(limited)) {
            assertThat(submit(client, "shop@" + DOMAIN, "Shop <shop@" + DOMAIN + ">"))
                    .startsWith("250 2.0.0 OK queued as msg_");
            assertThat(client.send("MAIL FROM:<shop@" + OTHER + ">"))
                    .startsWith("550 5.7.1")
                    .contains("@" + DOMAIN);
            assertThat(client.send("RSET")).startsWith("250");
            assertThat(client.send("MAIL FROM:<bounces@mail." + DOMAIN + ">")).startsWith("550 5.7.1");
            assertThat(client.send("RSET")).startsWith("250");
            String reply = submit(client, "shop@" + DOMAIN, "\"shop@" + DOMAIN + "\" <shop@" + OTHER + ">");
            assertThat(reply)
                    .as("a From header off the domain")
                    .startsWith("550 5.7.1")
                    .contains("@" + DOMAIN);
        }
    }

    /** One message over a raw session: MAIL FROM, RCPT TO, DATA with this From header; the last reply. */
    private static String submit(RawSmtp client, String envelopeFrom, String fromHeader) throws Exception {
        assertThat(client.send("MAIL FROM:<" + envelopeFrom + ">")).startsWith("250 2.1.0");
        assertThat(client.send("RCPT TO:<" + TO + ">")).startsWith("250 2.1.5");
        assertThat(client.send("DATA")).startsWith("354");
        client.write("From: " + fromHeader + "\r\nTo: " + TO + "\r\nSubject: Over SMTP\r\n\r\nHi\r\n.\r\n");
        return client.reply();
    }
}
