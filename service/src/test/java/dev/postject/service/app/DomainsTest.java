package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sending domains against a real DNS server: the records to publish, each check's verdict (pass,
 * missing, mismatch, resolver failure), DKIM signatures an independent verifier accepts, and the
 * recheck that notices records removed.
 */
class DomainsTest {
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
            ConfigOverride.config("domains.spfInclude", "spf.postject.test"));

    private static final AtomicInteger N = new AtomicInteger();

    private static Api api() {
        return APP.api();
    }

    private record Account(Session session, String key) {}

    private static Account account() {
        Session session = api().signUp("domains" + N.incrementAndGet() + "@example.com");
        return new Account(
                session, api().createKey(session.token(), "{}").get("key").asText());
    }

    private static JsonNode add(Account account, String name) {
        Reply reply = api().post("/v1/domains", account.key(), Api.json(Map.of("name", name)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static String record(JsonNode domain, String purpose, String field) {
        for (JsonNode record : domain.get("records")) {
            if (record.get("purpose").asText().equals(purpose)) {
                return record.get(field).asText();
            }
        }
        throw new AssertionError("no " + purpose + " record in " + domain);
    }

    /** Publishes what the domain's records say, as its owner would at their DNS host. */
    private static void publishAll(JsonNode domain) {
        for (String purpose : List.of("ownership", "dkim", "spf")) {
            DNS.publish(record(domain, purpose, "name"), record(domain, purpose, "value"));
        }
    }

    private static JsonNode verify(Account account, JsonNode domain) {
        Reply reply = api().post("/v1/domains/" + domain.get("id").asText() + "/verify", account.key(), "");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void addingADomain_showsTheRecordsToPublish_withA2048BitDkimKey_andNeverThePrivateKey() throws Exception {
        Account account = account();

        JsonNode domain = add(account, " Mail.Acme-One.test. ");

        assertThat(domain.get("id").asText()).startsWith("dom_");
        assertThat(domain.get("name").asText()).isEqualTo("mail.acme-one.test");
        assertThat(domain.get("status").asText()).isEqualTo("pending");
        assertThat(record(domain, "ownership", "name")).isEqualTo("_postject.mail.acme-one.test");
        assertThat(record(domain, "ownership", "value")).matches("postject-verification=[A-Za-z0-9]{32}");
        assertThat(record(domain, "dkim", "name")).matches("pj[a-z0-9]{8}\\._domainkey\\.mail\\.acme-one\\.test");
        String dkim = record(domain, "dkim", "value");
        assertThat(dkim).startsWith("v=DKIM1; k=rsa; p=");
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(
                        new X509EncodedKeySpec(Base64.getDecoder().decode(dkim.substring(dkim.indexOf("p=") + 2))));
        assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
        assertThat(record(domain, "spf", "name")).isEqualTo("mail.acme-one.test");
        assertThat(record(domain, "spf", "value")).isEqualTo("v=spf1 include:spf.postject.test ~all");

        assertThat(api().get("/v1/domains", account.key()).json().get("data"))
                .extracting(d -> d.get("id").asText())
                .containsExactly(domain.get("id").asText());
        assertThat(api().get("/v1/domains/" + domain.get("id").asText(), account.key())
                        .json()
                        .get("records"))
                .isEqualTo(domain.get("records"));

        // the private key is stored encrypted: the stored bytes are no private key, and no event carries one
        try (Connection db = DriverManager.getConnection(APP.databaseUrl(), "postgres", "")) {
            ResultSet keys = db.createStatement()
                    .executeQuery("SELECT encrypted_key FROM domain_keys WHERE domain_id = '"
                            + domain.get("id").asText() + "'");
            assertThat(keys.next()).isTrue();
            byte[] stored = keys.getBytes(1);
            assertThatThrownBy(() -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(stored)))
                    .isInstanceOf(Exception.class);
            ResultSet events = db.createStatement()
                    .executeQuery("SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                            + " WHERE payloadtype = 'dev.postject.events.DomainAdded'");
            while (events.next()) {
                assertThat(events.getString(1))
                        .doesNotContainIgnoringCase("private")
                        .hasSizeLessThan(1_000);
            }
        }
    }

    @Test
    void badNames_duplicates_andOtherAccountsDomains_areRefused() {
        Account account = account();
        for (String bad : List.of("not a domain", "localhost", "10.0.0.1", "-acme.test", "acme..test", "")) {
            Reply reply = api().post("/v1/domains", account.key(), Api.json(Map.of("name", bad)));
            assertThat(reply.status()).as(bad).isEqualTo(422);
            assertThat(reply.json().get("error").get("field").asText()).isEqualTo("name");
        }
        assertThat(api().post("/v1/domains", account.key(), "{\"name\":\"acme.test\",\"dkim\":\"mine\"}")
                        .status())
                .isEqualTo(422);
        assertThat(api().post("/v1/domains", account.key(), "{\"name\":").errorCode())
                .isEqualTo("malformed_json");
        assertThat(api().post("/v1/domains", account.key(), "{\"name\":5}").errorCode())
                .isEqualTo("invalid_type");
        assertThat(api().get("/v1/domains", account.key()).json().get("data")).isEmpty();
        JsonNode domain = add(account, "dup.acme.test");
        Reply duplicate = api().post("/v1/domains", account.key(), Api.json(Map.of("name", "DUP.acme.test")));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("domain_exists");

        Account stranger = account();
        String id = domain.get("id").asText();
        assertThat(api().get("/v1/domains/" + id, stranger.key()).status()).isEqualTo(404);
        assertThat(api().post("/v1/domains/" + id + "/verify", stranger.key(), "")
                        .status())
                .isEqualTo(404);
        assertThat(api().delete("/v1/domains/" + id, stranger.key()).status()).isEqualTo(404);
        assertThat(api().get("/v1/domains/" + id, account.key()).status()).isEqualTo(200);
    }

    @Test
    void verify_reportsMissingMismatchAndResolverFailure_andVerifiesOnceOwnershipAndDkimPass() {
        Account account = account();
        JsonNode domain = add(account, "verify.acme.test");

        JsonNode nothing = verify(account, domain);
        assertThat(nothing.get("status").asText()).isEqualTo("pending");
        assertThat(nothing.get("checks"))
                .isEqualTo(Api.parse("{\"ownership\":\"missing\",\"dkim\":\"missing\",\"spf\":\"missing\"}"));

        DNS.publish("_postject.verify.acme.test", "postject-verification=someone-elses-token");
        DNS.publish(
                record(domain, "dkim", "name"), "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAother");
        DNS.publish("verify.acme.test", "v=spf1 include:_spf.elsewhere.test ~all");
        JsonNode wrong = verify(account, domain);
        assertThat(wrong.get("status").asText()).isEqualTo("pending");
        assertThat(wrong.get("checks"))
                .isEqualTo(Api.parse("{\"ownership\":\"mismatch\",\"dkim\":\"mismatch\",\"spf\":\"mismatch\"}"));

        DNS.fail("verify.acme.test");
        Reply outage = api().post("/v1/domains/" + domain.get("id").asText() + "/verify", account.key(), "");
        assertThat(outage.status()).isEqualTo(200);
        assertThat(outage.json().get("checks"))
                .isEqualTo(Api.parse("{\"ownership\":\"error\",\"dkim\":\"error\",\"spf\":\"error\"}"));
        DNS.heal("verify.acme.test");

        publishAll(domain);
        JsonNode verified = verify(account, domain);
        assertThat(verified.get("status").asText()).isEqualTo("verified");
        assertThat(verified.get("verifiedAt").asText()).endsWith("Z");
        assertThat(verified.get("checks"))
                .isEqualTo(Api.parse("{\"ownership\":\"pass\",\"dkim\":\"pass\",\"spf\":\"pass\"}"));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(auditTypes(account)).containsSubsequence("DomainAdded", "DomainVerified"));
        // verifying again changes nothing: one DomainVerified in the ledger, before the next change
        verify(account, domain);
        add(account, "after.verify.acme.test");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(auditTypes(account)).containsSubsequence("DomainVerified", "DomainAdded"));
        assertThat(auditTypes(account)).filteredOn("DomainVerified"::equals).hasSize(1);
    }

    @Test
    void mailFromAVerifiedDomain_isDkimSigned_andAnIndependentVerifierAcceptsIt() throws Exception {
        Account account = account();
        JsonNode domain = add(account, "signed.acme.test");
        publishAll(domain);
        verify(account, domain);
        String to = "reader@example.org";
        Mailbox.confirm(APP.api(), SMTP, account.key(), to);
        String text = "Hello,  \r\nthis line has   spaces and the next is empty\r\n\r\n\r\n";
        Reply sent = api().post(
                        "/v1/emails",
                        account.key(),
                        Api.json(Map.of(
                                "from", "Acme <hello@signed.acme.test>",
                                "to", to,
                                "subject", "Signed   subject",
                                "text", text,
                                "html", "<p>Hello <b>there</b></p>")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !received(to, "Signed").isEmpty());
        byte[] data = received(to, "Signed").get(0);

        List<SignatureRecord> signatures = verifier().verify(new ByteArrayInputStream(data));
        assertThat(signatures).hasSize(1);
        assertThat(signatures.get(0).getDToken()).isEqualTo("signed.acme.test");
        assertThat(signatures.get(0).getSelector())
                .isEqualTo(record(domain, "dkim", "name").split("\\.")[0]);
        assertThat(signatures.get(0).getHashAlgo()).isEqualTo("sha-256");
        assertThat(signatures.get(0).getHeaders()).contains("from", "to", "subject", "date", "message-id");

        // the verifier is not a rubber stamp: a changed body or subject fails
        String message = new String(data, StandardCharsets.ISO_8859_1);
        for (String tampered :
                List.of(message.replace("spaces", "SPACES"), message.replace("Signed   subject", "Signed subjects"))) {
            assertThatThrownBy(() ->
                            verifier().verify(new ByteArrayInputStream(tampered.getBytes(StandardCharsets.ISO_8859_1))))
                    .isInstanceOf(FailException.class);
        }
    }

    @Test
    void recheck_noticesRecordsRemoved_andTheDomainStopsBeingASender() throws Exception {
        Account account = account();
        JsonNode domain = add(account, "recheck.acme.test");
        publishAll(domain);
        assertThat(verify(account, domain).get("status").asText()).isEqualTo("verified");
        String to = "rechecked@example.org";
        Mailbox.confirm(APP.api(), SMTP, account.key(), to);
        Map<String, Object> email = Map.of("from", "news@recheck.acme.test", "to", to, "subject", "s", "text", "x");
        assertThat(api().post("/v1/emails", account.key(), Api.json(email)).status())
                .isEqualTo(202);

        DNS.unpublish(record(domain, "dkim", "name"));
        assertThat(recheckTask()).contains("Domains that lost their verification: 1");

        assertThat(api().get("/v1/domains/" + domain.get("id").asText(), account.key())
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("pending");
        Reply refused = api().post("/v1/emails", account.key(), Api.json(email));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("sender_not_verified");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode lost = entry(account, "DomainVerificationLost");
            assertThat(lost.get("actor").get("type").asText()).isEqualTo("system");
            assertThat(lost.get("data").get("reason").asText()).contains("dkim: missing");
        });
    }

    @Test
    void removingADomain_deletesItAndItsKey() throws Exception {
        Account account = account();
        String id = add(account, "gone.acme.test").get("id").asText();

        assertThat(api().delete("/v1/domains/" + id, account.key()).status()).isEqualTo(204);

        assertThat(api().get("/v1/domains/" + id, account.key()).status()).isEqualTo(404);
        assertThat(api().delete("/v1/domains/" + id, account.key()).status()).isEqualTo(404);
        try (Connection db = DriverManager.getConnection(APP.databaseUrl(), "postgres", "")) {
            ResultSet count = db.createStatement()
                    .executeQuery("SELECT count(*) FROM domain_keys WHERE domain_id = '" + id + "'");
            count.next();
            assertThat(count.getInt(1)).isZero();
        }
    }

    @Test
    void theDomainModel_rebuiltFromTheLedger_isTheSame() throws Exception {
        Account account = account();
        JsonNode domain = add(account, "replayed.acme.test");
        publishAll(domain);
        verify(account, domain);
        add(account, "pending.acme.test");
        JsonNode before = api().get("/v1/domains", account.key()).json();

        String answer = api().send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + APP.adminPort() + "/tasks/replay-projection?name=domains"))
                        .POST(HttpRequest.BodyPublishers.noBody()))
                .body();

        assertThat(answer).contains("Replayed domains");
        JsonNode after = api().get("/v1/domains", account.key()).json();
        assertThat(after).isEqualTo(before);
        assertThat(after.get("data")).extracting(d -> d.get("status").asText()).containsExactly("verified", "pending");
    }

    private static DKIMVerifier verifier() {
        return DNS.dkimVerifier();
    }

    private static List<byte[]> received(String to, String subject) {
        return SMTP.receivedFor(to).stream()
                .map(ScriptedSmtpServer.Received::data)
                .filter(d -> new String(d, StandardCharsets.ISO_8859_1).contains("Subject: " + subject))
                .toList();
    }

    private static String recheckTask() throws Exception {
        return api().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + APP.adminPort() + "/tasks/recheck-domains"))
                        .POST(HttpRequest.BodyPublishers.noBody()))
                .body();
    }

    private static List<String> auditTypes(Account account) {
        List<String> types = new ArrayList<>();
        api().get("/v1/account/audit-log?limit=100", account.session().token())
                .json()
                .get("data")
                .forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    private static JsonNode entry(Account account, String type) {
        for (JsonNode e : api().get(
                        "/v1/account/audit-log?limit=100", account.session().token())
                .json()
                .get("data")) {
            if (e.get("type").asText().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " in the audit log");
    }
}
