package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.direct.MxTestServer;
import dev.postject.service.mail.returnpath.ReturnPaths;
import dev.postject.service.platform.crypto.SecretBox;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code POSTJECT_BOUNCE_DOMAIN} set, direct delivery sends each recipient's copy in a
 * transaction of its own (VERP), even to one domain, from a Return-Path naming the email and the
 * recipient.
 */
class ReturnPathDirectTest {
    static final String KEY = "an-encryption-key-of-the-return-path-direct-test";
    static final String BOUNCE_DOMAIN = "bounces.postject.test";

    @RegisterExtension
    @Order(1)
    static final TestDns DNS = new TestDns();

    @RegisterExtension
    @Order(2)
    static final MailServers SERVERS = new MailServers(DNS);

    @RegisterExtension
    @Order(3)
    static final PostjectApp APP = PostjectApp.onTestDatabase(
            ConfigOverride.config("delivery.mode", "direct"),
            ConfigOverride.config("delivery.bounceDomain", BOUNCE_DOMAIN),
            ConfigOverride.config("security.encryptionKey", KEY),
            ConfigOverride.config("dns.servers", () -> "127.0.0.1:" + DNS.port()),
            ConfigOverride.config("direct.port", () -> Integer.toString(SERVERS.port())),
            ConfigOverride.config("direct.allowPrivate", "true"),
            ConfigOverride.config("direct.heloName", "mta.postject.test"),
            ConfigOverride.config("direct.connectTimeoutSeconds", "2"),
            ConfigOverride.config("direct.commandTimeoutSeconds", "10"));

    @Test
    void eachRecipientAtOneDomainGetsItsCopyFromAReturnPathNamingTheEmailAndTheRecipient() throws Exception {
        SERVERS.trustOnlyTheJvmDefault();
        String domain = MailServers.domain("verp");
        MxTestServer server = SERVERS.mx(domain, 10, "mx." + domain, null);
        ProductionAccounts.Account account = ProductionAccounts.open(
                APP.api(),
                DNS,
                "verp-direct@example.com",
                "sender-verp.test",
                "tester@" + domain,
                to -> server.received().size(),
                to -> server.received().get(server.received().size() - 1).content());
        int before = server.received().size();
        List<String> to = List.of("ann@" + domain, "bob@" + domain);

        Api.Reply sent = APP.api()
                .post(
                        "/v1/emails",
                        account.key(),
                        Api.json(Map.of("from", "app@sender-verp.test", "to", to, "subject", "VERP", "text", "Hi")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String id = sent.json().get("id").asText();

        await().atMost(Duration.ofSeconds(15)).until(() -> server.received().size() >= before + 2);
        ReturnPaths returnPaths = new ReturnPaths(
                new SecretBox(KEY.getBytes(StandardCharsets.UTF_8)).derive("return paths"), BOUNCE_DOMAIN);
        List<MxTestServer.Received> copies =
                server.received().subList(before, server.received().size());
        assertThat(copies).hasSize(2).allSatisfy(copy -> {
            assertThat(copy.recipients()).hasSize(1);
            assertThat(copy.from()).startsWith("bounces+").endsWith("@" + BOUNCE_DOMAIN);
            ReturnPaths.Token token = returnPaths.parse(copy.from()).orElseThrow();
            assertThat(token.emailId()).isEqualTo(id);
            assertThat(returnPaths.recipientOf(token, to))
                    .contains(copy.recipients().get(0));
            assertThat(copy.content()).contains("From: app@sender-verp.test").contains("Subject: VERP");
        });
        assertThat(copies).extracting(c -> c.recipients().get(0)).containsExactlyInAnyOrderElementsOf(to);
    }
}
