package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The way out of the sandbox, end to end: refused while prerequisites are missing, a verified
 * domain and a delivered sandbox email, the request, an operator's rejection and approval, and
 * unrestricted delivery after; every step in the audit log with its actor.
 */
class ProductionAccessTest {
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
            ConfigOverride.config("sending.sandboxDailyLimit", "3"));

    private static final String ADMIN_EMAIL = "approver@postject.test";
    private static final String ADMIN_PASSWORD = "approver password 1";
    private static String adminToken;

    private static Api api() {
        return APP.api();
    }

    @BeforeAll
    static void createAdmin() throws Exception {
        Cli.createAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
        adminToken = api().post(
                        "/v1/auth/login", null, Api.json(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)))
                .json()
                .get("token")
                .asText();
    }

    @Test
    void sandbox_toRequest_toRejection_toApproval_toUnrestrictedDelivery() {
        Session owner = api().signUp("owner@journey.test");
        String key = api().createKey(owner.token(), "{}").get("key").asText();
        String request = Api.json(Map.of("useCase", "Receipts and password resets", "website", "https://journey.test"));

        JsonNode start = api().get("/v1/account/production-access", key).json();
        assertThat(start.get("status").asText()).isEqualTo("none");
        assertThat(start.get("prerequisites"))
                .isEqualTo(Api.parse("{\"verifiedDomain\":false,\"sandboxDelivery\":false}"));
        for (String bad : List.of(
                "{}",
                "{\"useCase\":\"  \"}",
                "{\"useCase\":\"x\",\"website\":\"javascript:alert(1)\"}",
                "{\"useCase\":\"x\",\"mode\":\"production\"}",
                "{\"useCase\":\"" + "x".repeat(2001) + "\"}")) {
            assertThat(api().post("/v1/account/production-access", owner.token(), bad)
                            .status())
                    .as(bad)
                    .isEqualTo(422);
        }
        Reply withKey = api().post("/v1/account/production-access", key, request);
        assertThat(withKey.status()).isEqualTo(403);
        assertThat(withKey.errorCode()).isEqualTo("dashboard_token_required");
        assertMissing(owner, "verified_domain", "sandbox_delivery");

        // (1) a verified domain
        JsonNode domain = api().post("/v1/domains", owner.token(), Api.json(Map.of("name", "journey.test")))
                .json();
        domain.get("records")
                .forEach(r -> DNS.publish(r.get("name").asText(), r.get("value").asText()));
        assertThat(api().post("/v1/domains/" + domain.get("id").asText() + "/verify", owner.token(), "")
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("verified");
        assertMissing(owner, "sandbox_delivery");

        // (2) one email delivered in sandbox mode, from the verified domain to a confirmed address
        Mailbox.confirm(api(), SMTP, key, "tester@journey-inbox.test");
        Reply sandboxSend = send(key, "tester@journey-inbox.test");
        assertThat(sandboxSend.status()).as(sandboxSend.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api().get("/v1/account/production-access", key)
                                .json()
                                .get("prerequisites"))
                        .isEqualTo(Api.parse("{\"verifiedDomain\":true,\"sandboxDelivery\":true}")));
        Reply stranger = send(key, "stranger@elsewhere.test");
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.errorCode()).isEqualTo("sandbox_recipient_not_allowed");

        // (3) the request, once
        Reply requested = api().post("/v1/account/production-access", owner.token(), request);
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        assertThat(requested.json().get("status").asText()).isEqualTo("pending");
        assertThat(requested.json().get("requestedAt").asText()).endsWith("Z");
        Reply again = api().post("/v1/account/production-access", owner.token(), request);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("production_request_pending");

        // the operator: only admins see and decide requests
        for (String notAdmin : List.of(owner.token(), key)) {
            assertThat(api().get("/v1/admin/production-requests?status=pending", notAdmin)
                            .status())
                    .isEqualTo(403);
            assertThat(api().post("/v1/admin/production-requests/" + owner.accountId() + "/approve", notAdmin, "")
                            .status())
                    .isEqualTo(403);
        }
        JsonNode pending = pendingRequest(owner.accountId());
        assertThat(pending.get("useCase").asText()).isEqualTo("Receipts and password resets");
        assertThat(pending.get("website").asText()).isEqualTo("https://journey.test");
        assertThat(pending.get("prerequisites").get("verifiedDomain").asBoolean())
                .isTrue();

        Reply noReason = api().post("/v1/admin/production-requests/" + owner.accountId() + "/reject", adminToken, "{}");
        assertThat(noReason.status()).isEqualTo(422);
        Reply rejected = api().post(
                        "/v1/admin/production-requests/" + owner.accountId() + "/reject",
                        adminToken,
                        Api.json(Map.of("reason", "Please describe how recipients opt in.")));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        assertThat(rejected.json().get("status").asText()).isEqualTo("rejected");
        assertThat(rejected.json().get("reason").asText()).isEqualTo("Please describe how recipients opt in.");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> mailTo("owner@journey.test").contains("opt in"));
        assertThat(api().post("/v1/admin/production-requests/" + owner.accountId() + "/approve", adminToken, "")
                        .errorCode())
                .isEqualTo("no_pending_request");

        // the account fixes things and asks again; the operator approves
        Reply reRequested = api().post(
                        "/v1/account/production-access",
                        owner.token(),
                        Api.json(Map.of("useCase", "Receipts; recipients opt in at checkout")));
        assertThat(reRequested.status()).isEqualTo(202);
        Instant beforeApproval = Instant.now();
        Reply approved = api().post("/v1/admin/production-requests/" + owner.accountId() + "/approve", adminToken, "");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("approved");

        // production at once: any recipient, no daily limit
        assertThat(api().get("/v1/account", key).json().get("mode").asText()).isEqualTo("production");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Reply sent = send(key, "customer" + i + "@anywhere.test");
            assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
            ids.add(sent.json().get("id").asText());
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(api().get("/v1/emails/" + id, key)
                                .json()
                                .get("status")
                                .asText())
                        .isEqualTo("delivered");
            }
        });
        assertThat(mailTo("owner@journey.test")).contains("now in production mode");
        // a sandbox address is no longer a sender in production: only verified domains are
        Reply fromSandboxAddress = api().post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of(
                                "from",
                                "tester@journey-inbox.test",
                                "to",
                                "x@anywhere.test",
                                "subject",
                                "s",
                                "text",
                                "x")));
        assertThat(fromSandboxAddress.errorCode()).isEqualTo("sender_not_verified");

        // the ledger tells the whole story, with who did each step, and can rebuild the account as it was
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, String> actors = actorsByType(owner);
            assertThat(actors)
                    .containsEntry("DomainVerified", "user")
                    .containsEntry("SandboxSendSucceeded", "system")
                    .containsEntry("ProductionAccessRequested", "user")
                    .containsEntry("ProductionAccessRejected", "admin")
                    .containsEntry("ProductionAccessApproved", "admin");
        });
        JsonNode before = api().get("/v1/account?at=" + beforeApproval, key).json();
        assertThat(before.get("mode").asText()).isEqualTo("sandbox");
        assertThat(before.get("domains").get(0).get("status").asText()).isEqualTo("verified");
        assertThat(before.get("sandboxEmails"))
                .extracting(e -> e.get("email").asText())
                .contains("tester@journey-inbox.test");
        assertThat(before.get("apiKeys")).hasSize(1);
        assertThat(api().get("/v1/account?at=" + Instant.now(), key)
                        .json()
                        .get("mode")
                        .asText())
                .isEqualTo("production");
        assertThat(api().get("/v1/account?at=2000-01-01T00:00:00Z", key).status())
                .isEqualTo(404);
        assertThat(api().get("/v1/account?at=yesterday", key).status()).isEqualTo(422);
    }

    @Test
    void approvingOrRejecting_needsAPendingRequest_andAnExistingAccount() {
        Session owner = api().signUp("nothing-pending@journey.test");
        Reply approve = api().post("/v1/admin/production-requests/" + owner.accountId() + "/approve", adminToken, "");
        assertThat(approve.status()).isEqualTo(409);
        assertThat(approve.errorCode()).isEqualTo("no_pending_request");
        assertThat(api().post("/v1/admin/production-requests/acct_nobody/approve", adminToken, "")
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/v1/admin/production-requests?status=maybe", adminToken)
                        .status())
                .isEqualTo(422);
    }

    private static void assertMissing(Session owner, String... missing) {
        Reply refused = api().post(
                        "/v1/account/production-access",
                        owner.token(),
                        Api.json(Map.of("useCase", "Transactional mail")));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("production_prerequisites_missing");
        List<String> listed = new ArrayList<>();
        refused.json().get("error").get("missing").forEach(m -> listed.add(m.asText()));
        assertThat(listed).containsExactly(missing);
    }

    private static Reply send(String key, String to) {
        return api().post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of(
                                "from", "Journey <hello@journey.test>", "to", to, "subject", "Hi", "text", "x")));
    }

    private static JsonNode pendingRequest(String accountId) {
        for (JsonNode r : api().get("/v1/admin/production-requests?status=pending", adminToken)
                .json()
                .get("data")) {
            if (r.get("accountId").asText().equals(accountId)) {
                return r;
            }
        }
        throw new AssertionError("no pending request of " + accountId);
    }

    private static String mailTo(String address) {
        StringBuilder all = new StringBuilder();
        SMTP.receivedFor(address).forEach(m -> all.append(new String(m.data(), StandardCharsets.UTF_8)));
        return all.toString().replace("=\r\n", "");
    }

    private static Map<String, String> actorsByType(Session owner) {
        Map<String, String> actors = new java.util.HashMap<>();
        api().get("/v1/account/audit-log?limit=100", owner.token())
                .json()
                .get("data")
                .forEach(e -> actors.put(
                        e.get("type").asText(), e.get("actor").get("type").asText()));
        return actors;
    }
}
