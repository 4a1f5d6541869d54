package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static final String ADMIN_EMAIL = "operator@postject.test";
    private static final String ADMIN_PASSWORD = "operator password 1";
    private static String adminToken;

    private static Api api() {
        return APP.api();
    }

    @BeforeAll
    static void createAdmin() throws Exception {
        Cli.createAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
        Reply login =
                api().post("/v1/auth/login", null, Api.json(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)));
        assertThat(login.status()).isEqualTo(200);
        adminToken = login.json().get("token").asText();
    }

    @Test
    void admin_listsAccounts_inPages() {
        Session first = api().signUp("first-customer@example.com");
        Session second = api().signUp("second-customer@example.com");

        Reply page = api().get("/v1/admin/accounts?limit=1", adminToken);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("data")).hasSize(1);
        assertThat(page.json().get("hasMore").asBoolean()).isTrue();
        Reply all = api().get("/v1/admin/accounts?limit=100", adminToken);
        assertThat(all.json().get("data"))
                .extracting(a -> a.get("id").asText())
                .contains(first.accountId(), second.accountId());
        JsonNode listed = all.json().get("data").get(indexOf(all.json().get("data"), first.accountId()));
        assertThat(listed.get("ownerEmail").asText()).isEqualTo("first-customer@example.com");
        assertThat(listed.get("mode").asText()).isEqualTo("sandbox");
        Reply next = api().get(
                        "/v1/admin/accounts?limit=1&after="
                                + page.json().get("nextCursor").asText(),
                        adminToken);
        assertThat(next.json().get("data").get(0).get("id").asText())
                .isNotEqualTo(page.json().get("data").get(0).get("id").asText());
    }

    @Test
    void admin_readsAnyAccountsAuditLog() {
        Session customer = api().signUp("audited-customer@example.com");
        api().createKey(customer.token(), "{\"name\":\"ci\"}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Reply log = api().get("/v1/admin/audit-log?accountId=" + customer.accountId(), adminToken);
            assertThat(log.status()).isEqualTo(200);
            assertThat(log.json().get("data"))
                    .extracting(e -> e.get("type").asText())
                    .containsExactly("AccountOpened", "ApiKeyCreated");
        });
        assertThat(api().get("/v1/admin/audit-log", adminToken).errorCode()).isEqualTo("missing_account_id");
    }

    @Test
    void adminEndpoints_refuseUsersAndApiKeys() {
        Session customer = api().signUp("curious-customer@example.com");
        String key = api().createKey(customer.token(), "{}").get("key").asText();

        for (String credential : List.of(customer.token(), key)) {
            for (String path : List.of("/v1/admin/accounts", "/v1/admin/audit-log?accountId=" + customer.accountId())) {
                Reply reply = api().get(path, credential);
                assertThat(reply.status()).as(path).isEqualTo(403);
                assertThat(reply.errorCode()).isEqualTo("admin_required");
            }
        }
        assertThat(api().get("/v1/admin/accounts", null).status()).isEqualTo(401);
    }

    @Test
    void adminToken_hasNoAccountOfItsOwn() {
        Reply reply = api().get("/v1/account", adminToken);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("account_required");
    }

    @Test
    void createAdmin_withATakenEmail_fails() {
        assertThatThrownBy(() -> Cli.createAdmin(ADMIN_EMAIL, "some other password"))
                .isInstanceOf(Cli.CommandFailed.class)
                .hasStackTraceContaining("already exists");
        assertThatThrownBy(() -> Cli.createAdmin("not-an-email", "some other password"))
                .isInstanceOf(Cli.CommandFailed.class);
        assertThatThrownBy(() -> Cli.createAdmin("short@postject.test", "short"))
                .isInstanceOf(Cli.CommandFailed.class);
    }

    private static int indexOf(JsonNode accounts, String id) {
        for (int i = 0; i < accounts.size(); i++) {
            if (accounts.get(i).get("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError(id + " not listed");
    }
}
