package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiKeyLifecycleTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static final AtomicInteger USERS = new AtomicInteger();

    private static Session newAccount() {
        return APP.api().signUp("keys" + USERS.incrementAndGet() + "@example.com");
    }

    private static Api api() {
        return APP.api();
    }

    @Test
    void createdKey_isShownOnce_thenListedByHintOnly_andAuthenticates() {
        Session session = newAccount();

        JsonNode created = api().createKey(session.token(), "{\"name\":\"production\",\"expiresInDays\":30}");

        String key = created.get("key").asText();
        assertThat(key).startsWith("pt_live_");
        assertThat(created.get("id").asText()).startsWith("key_");
        assertThat(created.get("name").asText()).isEqualTo("production");
        assertThat(created.get("hint").asText())
                .isEqualTo("pt_live_" + key.substring(8, 12) + "..." + key.substring(key.length() - 4));
        Instant createdAt = Instant.parse(created.get("createdAt").asText());
        assertThat(Instant.parse(created.get("expiresAt").asText())).isEqualTo(createdAt.plus(Duration.ofDays(30)));

        Reply account = api().get("/v1/account", key);
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.json().get("id").asText()).isEqualTo(session.accountId());

        Reply list = api().get("/v1/auth/api-keys", session.token());
        assertThat(list.status()).isEqualTo(200);
        JsonNode listed = list.json().get("data").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(created.get("id").asText());
        assertThat(listed.get("hint").asText()).isEqualTo(created.get("hint").asText());
        assertThat(listed.has("key")).isFalse();
        assertThat(list.body()).doesNotContain(key).doesNotContain(key.substring(8, 30));
        assertThat(listed.get("lastUsedAt").isNull()).isFalse();
    }

    @Test
    void keyWithoutNameOrExpiry_getsADefaultName_andNeverExpires() {
        Session session = newAccount();

        JsonNode created = api().createKey(session.token(), "{}");

        assertThat(created.get("name").asText()).isEqualTo("API key");
        assertThat(created.get("expiresAt").isNull()).isTrue();
    }

    @Test
    void revokedKey_failsOnTheVeryNextRequest() {
        Session session = newAccount();
        JsonNode created = api().createKey(session.token(), "{}");
        String key = created.get("key").asText();
        assertThat(api().get("/v1/account", key).status()).isEqualTo(200);

        Reply revoke = api().delete("/v1/auth/api-keys/" + created.get("id").asText(), session.token());

        assertThat(revoke.status()).isEqualTo(204);
        Reply after = api().get("/v1/account", key);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(api().get("/v1/auth/api-keys", session.token()).json().get("data"))
                .isEmpty();
    }

    @Test
    void revoking_anUnknownKey_anotherAccountsKey_orARevokedKey_is404() {
        Session owner = newAccount();
        Session stranger = newAccount();
        String keyId = api().createKey(owner.token(), "{}").get("id").asText();

        assertThat(api().delete("/v1/auth/api-keys/key_doesnotexist", owner.token())
                        .errorCode())
                .isEqualTo("api_key_not_found");
        Reply foreign = api().delete("/v1/auth/api-keys/" + keyId, stranger.token());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(api().get("/v1/auth/api-keys", owner.token()).json().get("data"))
                .hasSize(1);

        assertThat(api().delete("/v1/auth/api-keys/" + keyId, owner.token()).status())
                .isEqualTo(204);
        assertThat(api().delete("/v1/auth/api-keys/" + keyId, owner.token()).status())
                .isEqualTo(404);
    }

    @Test
    void keyManagement_refusesApiKeys() {
        Session session = newAccount();
        JsonNode created = api().createKey(session.token(), "{}");
        String key = created.get("key").asText();

        Reply create = api().post("/v1/auth/api-keys", key, "{}");
        Reply list = api().get("/v1/auth/api-keys", key);
        Reply revoke = api().delete("/v1/auth/api-keys/" + created.get("id").asText(), key);

        for (Reply reply : List.of(create, list, revoke)) {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.errorCode()).isEqualTo("dashboard_token_required");
        }
        assertThat(api().get("/v1/account", key).status()).isEqualTo(200);
    }

    @Test
    void expiresInDays_mustBeAnIntegerFrom1To3650() {
        Session session = newAccount();
        for (String body : List.of(
                "{\"expiresInDays\":0}",
                "{\"expiresInDays\":3651}",
                "{\"expiresInDays\":-5}",
                "{\"expiresInDays\":1.5}",
                "{\"expiresInDays\":\"30\"}",
                "{\"expiresInDays\":true}",
                "{\"expiresInDays\":[30]}")) {
            Reply reply = api().post("/v1/auth/api-keys", session.token(), body);
            assertThat(reply.status()).as(body).isEqualTo(422);
            assertThat(reply.json().get("error").get("field").asText()).as(body).isEqualTo("expiresInDays");
        }
        assertThat(api().post("/v1/auth/api-keys", session.token(), "{\"expiresInDays\":3650}")
                        .status())
                .isEqualTo(201);
        assertThat(api().get("/v1/auth/api-keys", session.token()).json().get("data"))
                .hasSize(1);
    }

    @Test
    void eleventhActiveKey_isRefused_untilOneIsRevoked() {
        Session session = newAccount();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(api().createKey(session.token(), "{}").get("id").asText());
        }

        Reply eleventh = api().post("/v1/auth/api-keys", session.token(), "{}");

        assertThat(eleventh.status()).isEqualTo(409);
        assertThat(eleventh.errorCode()).isEqualTo("api_key_limit_reached");
        api().delete("/v1/auth/api-keys/" + ids.get(0), session.token());
        assertThat(api().post("/v1/auth/api-keys", session.token(), "{}").status())
                .isEqualTo(201);
    }

    @Test
    void twentyParallelCreates_exactlyTenWin() throws Exception {
        Session session = newAccount();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(pool.submit(() -> {
                start.await();
                return api().post("/v1/auth/api-keys", session.token(), "{}").status();
            }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            results.add(status.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(results).filteredOn(s -> s == 201).hasSize(10);
        assertThat(results).filteredOn(s -> s == 409).hasSize(10);
        assertThat(api().get("/v1/auth/api-keys", session.token()).json().get("data"))
                .hasSize(10);
    }

    @Test
    void expiredKey_failsFromTheMomentItExpires_andTheLedgerSaysWhy() {
        Session session = newAccount();
        JsonNode created = api().createKey(session.token(), "{\"expiresInDays\":1}");
        String key = created.get("key").asText();
        String keyId = created.get("id").asText();
        assertThat(api().get("/v1/account", key).status()).isEqualTo(200);

        APP.clock().advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(api().get("/v1/account", key).status()).isEqualTo(401);
        assertThat(api().get("/v1/auth/api-keys", session.token()).status())
                .as("the day-old dashboard token has expired too")
                .isEqualTo(401);
        String token = api().logIn(session.email());
        assertThat(api().get("/v1/auth/api-keys", token).json().get("data")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode entries = api().get("/v1/account/audit-log?type=ApiKeyExpired", token)
                    .json()
                    .get("data");
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).get("actor").get("type").asText()).isEqualTo("system");
            assertThat(entries.get(0).get("data").get("keyId").asText()).isEqualTo(keyId);
        });
        assertThat(api().delete("/v1/auth/api-keys/" + keyId, token).status()).isEqualTo(404);
    }
}
