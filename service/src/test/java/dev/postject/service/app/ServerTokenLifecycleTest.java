package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.platform.text.SecretFormat;
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

/** Server tokens over HTTP: created (shown once, with the SMTP settings), listed, revoked, expired, audited. */
class ServerTokenLifecycleTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static final AtomicInteger USERS = new AtomicInteger();

    private static Session newAccount() {
        return APP.api().signUp("tokens" + USERS.incrementAndGet() + "@example.com");
    }

    private static Api api() {
        return APP.api();
    }

    @Test
    void createdToken_isShownOnce_withTheSmtpSettingsToCopy_thenListedByHintOnly() {
        Session session = newAccount();

        JsonNode created = api().createServerToken(
                        session.token(),
                        "{\"name\":\"web servers\",\"expiresInDays\":30,\"allowedNetworks\":[\"203.0.113.0/24\",\"2001:DB8:0::/48\"]}");

        String token = created.get("token").asText();
        assertThat(token).matches("pt_srv_[0-9A-Za-z]{38}");
        assertThat(created.get("id").asText()).startsWith("stk_");
        assertThat(created.get("name").asText()).isEqualTo("web servers");
        assertThat(created.get("hint").asText())
                .isEqualTo("pt_srv_" + token.substring(7, 11) + "..." + token.substring(token.length() - 4));
        Instant createdAt = Instant.parse(created.get("createdAt").asText());
        assertThat(Instant.parse(created.get("expiresAt").asText())).isEqualTo(createdAt.plus(Duration.ofDays(30)));
        assertThat(created.get("allowedNetworks"))
                .as("in canonical form")
                .containsExactly(Api.parse("\"203.0.113.0/24\""), Api.parse("\"2001:db8::/48\""));
        JsonNode smtp = created.get("smtp");
        assertThat(smtp.get("host").asText()).as("the public URL's host").isEqualTo("localhost");
        int starttls = APP.submission().port();
        int tls = APP.submission().tlsPort();
        assertThat(smtp.get("ports"))
                .as("the ports listened on")
                .isEqualTo(Api.parse("{\"starttls\":" + starttls + ",\"tls\":" + tls + "}"));
        assertThat(smtp.get("username").asText()).isEqualTo("postject");
        assertThat(smtp.get("password").asText()).isEqualTo(token);
        assertThat(smtp.get("tls"))
                .containsExactly(
                        Api.parse("\"STARTTLS on " + starttls + "\""), Api.parse("\"implicit TLS on " + tls + "\""));

        assertThat(api().get("/v1/emails", token).status())
                .as("it authenticates")
                .isEqualTo(200);

        Reply list = api().get("/v1/server-tokens", session.token());
        assertThat(list.status()).isEqualTo(200);
        JsonNode listed = list.json().get("data").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(created.get("id").asText());
        assertThat(listed.get("hint").asText()).isEqualTo(created.get("hint").asText());
        assertThat(listed.get("allowedNetworks")).isEqualTo(created.get("allowedNetworks"));
        assertThat(listed.get("lastUsedAt").isNull()).as("used just now").isFalse();
        assertThat(listed.has("token")).isFalse();
        assertThat(list.body()).doesNotContain(token).doesNotContain(token.substring(7, 30));
    }

    @Test
    void tokenWithoutNameExpiryOrNetworks_getsADefaultName_neverExpires_andAllowsNoNetwork() {
        Session session = newAccount();

        JsonNode created = api().createServerToken(session.token(), "{}");
        Reply noBody = api().send(api().request("/v1/server-tokens", session.token())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(created.get("name").asText()).isEqualTo("Server token");
        assertThat(created.get("expiresAt").isNull()).isTrue();
        assertThat(created.get("allowedNetworks")).isEmpty();
        assertThat(noBody.status()).isEqualTo(201);
    }

    @Test
    void revokedToken_failsOnTheVeryNextRequest() {
        Session session = newAccount();
        JsonNode created = api().createServerToken(session.token(), "{}");
        String token = created.get("token").asText();
        assertThat(api().get("/v1/emails", token).status()).isEqualTo(200);

        Reply revoke = api().delete("/v1/server-tokens/" + created.get("id").asText(), session.token());

        assertThat(revoke.status()).isEqualTo(204);
        Reply after = api().get("/v1/emails", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(api().get("/v1/server-tokens", session.token()).json().get("data"))
                .isEmpty();
    }

    @Test
    void revoking_anUnknownToken_anotherAccountsToken_aRevokedToken_orAnApiKey_is404() {
        Session owner = newAccount();
        Session stranger = newAccount();
        String tokenId = api().createServerToken(owner.token(), "{}").get("id").asText();
        String keyId = api().createKey(owner.token(), "{}").get("id").asText();

        assertThat(api().delete("/v1/server-tokens/stk_doesnotexist", owner.token())
                        .errorCode())
                .isEqualTo("server_token_not_found");
        Reply foreign = api().delete("/v1/server-tokens/" + tokenId, stranger.token());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("server_token_not_found");
        assertThat(api().delete("/v1/server-tokens/" + keyId, owner.token()).status())
                .isEqualTo(404);
        assertThat(api().get("/v1/server-tokens", owner.token()).json().get("data"))
                .hasSize(1);
        assertThat(api().get("/v1/auth/api-keys", owner.token()).json().get("data"))
                .hasSize(1);

        assertThat(api().delete("/v1/server-tokens/" + tokenId, owner.token()).status())
                .isEqualTo(204);
        assertThat(api().delete("/v1/server-tokens/" + tokenId, owner.token()).status())
                .isEqualTo(404);
    }

    @Test
    void tokenManagement_takesOnlyADashboardToken() {
        Session session = newAccount();
        JsonNode created = api().createServerToken(session.token(), "{}");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        String token = created.get("token").asText();
        String path = "/v1/server-tokens/" + created.get("id").asText();

        for (String credential : List.of(key, token)) {
            List<Reply> replies = List.of(
                    api().post("/v1/server-tokens", credential, "{}"),
                    api().get("/v1/server-tokens", credential),
                    api().delete(path, credential));
            for (Reply reply : replies) {
                assertThat(reply.status()).isEqualTo(403);
                assertThat(reply.errorCode())
                        .isEqualTo(credential.equals(key) ? "dashboard_token_required" : "insufficient_scope");
            }
        }
        assertThat(api().get("/v1/server-tokens", session.token()).json().get("data"))
                .hasSize(1);
    }

    @Test
    void eleventhActiveToken_isRefused_untilOneIsRevoked_andApiKeysCountApart() {
        Session session = newAccount();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(api().createServerToken(session.token(), "{}").get("id").asText());
        }

        Reply eleventh = api().post("/v1/server-tokens", session.token(), "{}");

        assertThat(eleventh.status()).isEqualTo(409);
        assertThat(eleventh.errorCode()).isEqualTo("server_token_limit_reached");
        assertThat(api().post("/v1/auth/api-keys", session.token(), "{}").status())
                .isEqualTo(201);
        api().delete("/v1/server-tokens/" + ids.get(0), session.token());
        assertThat(api().post("/v1/server-tokens", session.token(), "{}").status())
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
                return api().post("/v1/server-tokens", session.token(), "{}").status();
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
        assertThat(api().get("/v1/server-tokens", session.token()).json().get("data"))
                .hasSize(10);
    }

    @Test
    void expiredToken_failsFromTheMomentItExpires_andTheLedgerSaysWhy() {
        Session session = newAccount();
        JsonNode created = api().createServerToken(session.token(), "{\"expiresInDays\":1}");
        String token = created.get("token").asText();
        String tokenId = created.get("id").asText();
        assertThat(api().get("/v1/emails", token).status()).isEqualTo(200);

        APP.clock().advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(api().get("/v1/emails", token).status()).isEqualTo(401);
        String dashboard = api().logIn(session.email());
        assertThat(api().get("/v1/server-tokens", dashboard).json().get("data")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode entries = api().get("/v1/account/audit-log?type=ServerTokenExpired", dashboard)
                    .json()
                    .get("data");
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).get("actor").get("type").asText()).isEqualTo("system");
            assertThat(entries.get(0).get("data").get("tokenId").asText()).isEqualTo(tokenId);
        });
        assertThat(api().delete("/v1/server-tokens/" + tokenId, dashboard).status())
                .isEqualTo(404);
    }

    @Test
    void theAuditLog_showsTheTokensEvents_withTheirActors_andNeverTheHash() {
        Session session = newAccount();
        JsonNode created =
                api().createServerToken(session.token(), "{\"name\":\"relay\",\"allowedNetworks\":[\"192.0.2.0/24\"]}");
        String token = created.get("token").asText();
        api().delete("/v1/server-tokens/" + created.get("id").asText(), session.token());

        JsonNode[] entries = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            entries[0] =
                    api().get("/v1/account/audit-log", session.token()).json().get("data");
            assertThat(entries[0]).hasSize(3);
        });

        assertThat(entries[0])
                .extracting(e -> e.get("type").asText())
                .containsExactly("AccountOpened", "ServerTokenCreated", "ServerTokenRevoked");
        for (JsonNode entry : entries[0]) {
            assertThat(entry.get("actor").get("type").asText()).isEqualTo("user");
            assertThat(entry.get("actor").get("id").asText()).isEqualTo(session.userId());
        }
        JsonNode data = entries[0].get(1).get("data");
        assertThat(data.get("tokenId").asText()).isEqualTo(created.get("id").asText());
        assertThat(data.get("name").asText()).isEqualTo("relay");
        assertThat(data.get("hint").asText()).isEqualTo(created.get("hint").asText());
        assertThat(data.get("allowedNetworks")).hasSize(1);
        assertThat(api().get("/v1/account/audit-log", session.token()).body())
                .doesNotContain(token)
                .doesNotContain("tokenHash")
                .doesNotContain(SecretFormat.hash(token));
    }

    @Test
    void theAccountAsItWasAtAnInstant_holdsTheServerTokensThatWorkedThen() {
        Session session = newAccount();
        JsonNode kept = api().createServerToken(session.token(), "{\"name\":\"kept\"}");
        JsonNode revoked = api().createServerToken(session.token(), "{\"name\":\"revoked\"}");
        Instant between = APP.clock().instant();
        APP.clock().advance(Duration.ofSeconds(1));
        api().delete("/v1/server-tokens/" + revoked.get("id").asText(), session.token());
        APP.clock().advance(Duration.ofSeconds(1));

        JsonNode before =
                api().get("/v1/account?at=" + between, session.token()).json();
        JsonNode now = api().get("/v1/account?at=" + APP.clock().instant(), session.token())
                .json();

        assertThat(before.get("serverTokens"))
                .extracting(t -> t.get("name").asText())
                .containsExactly("kept", "revoked");
        assertThat(now.get("serverTokens"))
                .extracting(t -> t.get("id").asText())
                .containsExactly(kept.get("id").asText());
        assertThat(now.toString()).doesNotContain(kept.get("token").asText());
    }
}
