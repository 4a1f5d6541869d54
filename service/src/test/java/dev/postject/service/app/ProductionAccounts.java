package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An account in production mode the way an owner gets one: a sending domain verified against the
 * test DNS, a confirmed sandbox address and one email delivered to it, the request, and an
 * operator's approval.
 */
final class ProductionAccounts {
    private static final Pattern LINK = Pattern.compile("https?://\\S+/v1/sandbox/confirm\\?token=([A-Za-z0-9]+)");

    private ProductionAccounts() {}

    /** An API key of the account. */
    record Account(String key, String token, String domain) {}

    /** As {@link #open(Api, TestDns, String, String, String, Function, Function)}, its mail read from {@code smtp}. */
    static Account open(
            Api api, TestDns dns, ScriptedSmtpServer smtp, String owner, String domain, String sandboxAddress)
            throws Exception {
        return open(
                api,
                dns,
                owner,
                domain,
                sandboxAddress,
                to -> smtp.receivedFor(to).size(),
                to -> {
                    List<ScriptedSmtpServer.Received> received = smtp.receivedFor(to);
                    return new String(received.get(received.size() - 1).data(), StandardCharsets.UTF_8);
                });
    }

    /**
     * @param sandboxAddress an address whose mail the test can read
     * @param count how many messages reached that address so far
     * @param lastMessage the newest of them, as received
     */
    static Account open(
            Api api,
            TestDns dns,
            String owner,
            String domain,
            String sandboxAddress,
            Function<String, Integer> count,
            Function<String, String> lastMessage)
            throws Exception {
        Api.Session session = api.signUp(owner);
        String key = api.createKey(session.token(), "{}").get("key").asText();
        JsonNode added = api.post("/v1/domains", session.token(), Api.json(Map.of("name", domain)))
                .json();
        added.get("records")
                .forEach(r -> dns.publish(r.get("name").asText(), r.get("value").asText()));
        assertThat(api.post("/v1/domains/" + added.get("id").asText() + "/verify", session.token(), "")
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("verified");

        assertThat(api.post("/v1/account/sandbox-emails", key, Api.json(Map.of("email", sandboxAddress)))
                        .status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(15)).until(() -> count.apply(sandboxAddress) >= 1);
        Matcher link = LINK.matcher(lastMessage.apply(sandboxAddress).replace("=\r\n", ""));
        assertThat(link.find()).as("a confirmation link").isTrue();
        assertThat(Mailbox.openAndConfirm(api, link.group(1)).status()).isEqualTo(200);
        Api.Reply first = api.post(
                "/v1/emails",
                key,
                Api.json(Map.of("from", "owner@" + domain, "to", sandboxAddress, "subject", "First", "text", "Hi")));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> api.get("/v1/account/production-access", key)
                        .json()
                        .get("prerequisites")
                        .get("sandboxDelivery")
                        .asBoolean());
        Api.Reply asked = api.post(
                "/v1/account/production-access",
                session.token(),
                Api.json(Map.of("useCase", "Receipts", "website", "https://" + domain)));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(202);

        String adminEmail = "ops-" + System.nanoTime() + "@postject.test";
        Cli.createAdmin(adminEmail, "operator password 1");
        String admin = api.post(
                        "/v1/auth/login",
                        null,
                        Api.json(Map.of("email", adminEmail, "password", "operator password 1")))
                .json()
                .get("token")
                .asText();
        Api.Reply approved = api.post("/v1/admin/production-requests/" + session.accountId() + "/approve", admin, "");
        assertThat(approved.status()).as(approved.toString()).isLessThan(300);
        assertThat(api.get("/v1/account", key).json().get("mode").asText()).isEqualTo("production");
        return new Account(key, session.token(), domain);
    }
}
