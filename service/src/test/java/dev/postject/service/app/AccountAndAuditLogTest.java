package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountAndAuditLogTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static Api api() {
        return APP.api();
    }

    @Test
    void account_isTheSame_withAnApiKeyOrADashboardToken() {
        Session session = api().signUp("both@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();

        Reply withKey = api().get("/v1/account", key);
        Reply withToken = api().get("/v1/account", session.token());

        assertThat(withKey.status()).isEqualTo(200);
        assertThat(withKey.json()).isEqualTo(withToken.json());
        assertThat(withKey.json().fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("id", "name", "mode", "createdAt", "defaults", "sending");
    }

    @Test
    void missingMalformedOrUnknownCredentials_are401_withABearerChallenge() {
        String wellFormedButUnknown = dev.postject.service.auth.ApiKeys.issue().plaintext();
        List<Reply> replies = new ArrayList<>();
        replies.add(api().get("/v1/account", null));
        replies.add(api().get("/v1/account", "pt_live_short"));
        replies.add(api().get("/v1/account", wellFormedButUnknown));
        replies.add(api().get("/v1/account", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"));
        replies.add(api().send(api().request("/v1/account", null)
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .GET()));

        for (Reply reply : replies) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"postject\"");
            assertThat(reply.errorCode()).isEqualTo("unauthorized");
        }
    }

    @Test
    void auditLog_recordsEveryChange_withItsActorAndRequest_andNoSecret() {
        Session session = api().signUp("audited@example.com");
        Reply created = api().send(api().request("/v1/auth/api-keys", session.token())
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "req-from-client-42")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"ci\"}")));
        assertThat(created.header("X-Request-Id")).isEqualTo("req-from-client-42");
        String key = created.json().get("key").asText();
        String keyId = created.json().get("id").asText();
        api().delete("/v1/auth/api-keys/" + keyId, session.token());

        JsonNode entries = awaitEntries(session.token(), "", 3);

        assertThat(entries)
                .extracting(e -> e.get("type").asText())
                .containsExactly("AccountOpened", "ApiKeyCreated", "ApiKeyRevoked");
        for (JsonNode entry : entries) {
            assertThat(entry.get("actor").get("type").asText()).isEqualTo("user");
            assertThat(entry.get("actor").get("id").asText()).isEqualTo(session.userId());
            assertThat(entry.get("occurredAt").asText()).endsWith("Z");
            assertThat(entry.get("id").asText()).isNotBlank();
        }
        assertThat(entries.get(1).get("requestId").asText()).isEqualTo("req-from-client-42");
        assertThat(entries.get(1).get("data").get("keyId").asText()).isEqualTo(keyId);
        assertThat(entries.get(1).get("data").get("name").asText()).isEqualTo("ci");
        String body = api().get("/v1/account/audit-log", session.token()).body();
        assertThat(body)
                .doesNotContain(key)
                .doesNotContain("keyHash")
                .doesNotContain(dev.postject.service.auth.ApiKeys.hash(key));
    }

    @Test
    void auditLog_pagesWithCursors_inEitherOrder_andFiltersByType() {
        Session session = api().signUp("paged@example.com");
        for (int i = 0; i < 3; i++) {
            api().createKey(session.token(), "{}");
        }
        awaitEntries(session.token(), "", 4);

        Reply first = api().get("/v1/account/audit-log?limit=3", session.token());
        assertThat(first.json().get("hasMore").asBoolean()).isTrue();
        assertThat(first.json().get("data")).hasSize(3);
        Reply second = api().get(
                        "/v1/account/audit-log?limit=3&after="
                                + first.json().get("nextCursor").asText(),
                        session.token());
        assertThat(second.json().get("data")).hasSize(1);
        assertThat(second.json().get("hasMore").asBoolean()).isFalse();
        assertThat(second.json().get("nextCursor").isNull()).isTrue();

        Reply newestFirst = api().get("/v1/account/audit-log?order=desc&limit=2", session.token());
        assertThat(newestFirst.json().get("data").get(0).get("type").asText()).isEqualTo("ApiKeyCreated");
        Reply older = api().get(
                        "/v1/account/audit-log?order=desc&limit=2&after="
                                + newestFirst.json().get("nextCursor").asText(),
                        session.token());
        assertThat(older.json().get("data"))
                .extracting(e -> e.get("type").asText())
                .containsExactly("ApiKeyCreated", "AccountOpened");

        Reply onlyOpened = api().get("/v1/account/audit-log?type=AccountOpened", session.token());
        assertThat(onlyOpened.json().get("data")).hasSize(1);
    }

    @Test
    void auditLog_refusesBadParameters_andApiKeys() {
        Session session = api().signUp("badparams@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();

        assertThat(api().get("/v1/account/audit-log?limit=0", session.token()).errorCode())
                .isEqualTo("invalid_limit");
        assertThat(api().get("/v1/account/audit-log?limit=101", session.token()).status())
                .isEqualTo(422);
        assertThat(api().get("/v1/account/audit-log?limit=abc", session.token()).status())
                .isEqualTo(422);
        assertThat(api().get("/v1/account/audit-log?order=sideways", session.token())
                        .errorCode())
                .isEqualTo("invalid_order");
        assertThat(api().get("/v1/account/audit-log?after=!!!", session.token()).errorCode())
                .isEqualTo("invalid_cursor");
        Reply withKey = api().get("/v1/account/audit-log", key);
        assertThat(withKey.status()).isEqualTo(403);
        assertThat(withKey.errorCode()).isEqualTo("dashboard_token_required");
    }

    @Test
    void auditLog_showsOnlyTheCallersAccount() {
        Session mine = api().signUp("mine@example.com");
        Session theirs = api().signUp("theirs@example.com");
        api().createKey(theirs.token(), "{}");
        awaitEntries(theirs.token(), "", 2);

        JsonNode entries = awaitEntries(mine.token(), "", 1);

        assertThat(entries.toString()).doesNotContain(theirs.accountId());
    }

    private static JsonNode awaitEntries(String token, String query, int count) {
        JsonNode[] data = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            data[0] = api().get("/v1/account/audit-log" + query, token).json().get("data");
            assertThat(data[0]).hasSize(count);
        });
        return data[0];
    }
}
