package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SandboxEmailsTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(SMTP::port);

    private static final AtomicInteger N = new AtomicInteger();

    private static Api api() {
        return APP.api();
    }

    private static Session account() {
        return api().signUp("sandbox-owner" + N.incrementAndGet() + "@example.com");
    }

    private static Reply add(String credential, String email) {
        return api().post("/v1/account/sandbox-emails", credential, Api.json(Map.of("email", email)));
    }

    @Test
    void addedAddress_isPending_getsALink_andTheLinkConfirmsIt() {
        Session session = account();
        String address = "dev" + N.incrementAndGet() + "@example.net";

        Reply added = add(session.token(), address);

        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("status").asText()).isEqualTo("pending");
        assertThat(added.json().get("confirmedAt").isNull()).isTrue();
        String token = Mailbox.confirmationToken(SMTP, address, 1);
        assertThat(SMTP.receivedFor(address).get(0).envelopeFrom()).isEqualTo("no-reply@postject.local");

        Reply page = Mailbox.openAndConfirm(api(), token);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("Address confirmed").contains(address);
        JsonNode listed = api().get("/v1/account/sandbox-emails", session.token())
                .json()
                .get("data")
                .get(0);
        assertThat(listed.get("status").asText()).isEqualTo("confirmed");
        assertThat(listed.get("confirmedAt").isNull()).isFalse();
        Reply again = api().get("/v1/sandbox/confirm?token=" + token, null);
        assertThat(again.status()).as("single use").isEqualTo(404);
        assertThat(again.body()).contains("Link not valid");
    }

    @Test
    void forgedOrMissingTokens_confirmNothing() {
        assertThat(api().get("/v1/sandbox/confirm?token=forged", null).status()).isEqualTo(404);
        assertThat(api().get("/v1/sandbox/confirm", null).status()).isEqualTo(404);
    }

    @Test
    void openingTheLink_onlyShowsAButton_andThePostItSends_confirms() {
        Session session = account();
        String address = "scanned" + N.incrementAndGet() + "@example.net";
        add(session.token(), address);
        String token = Mailbox.confirmationToken(SMTP, address, 1);

        Reply page = api().get("/v1/sandbox/confirm?token=" + token, null);
        Reply scannedAgain = api().get("/v1/sandbox/confirm?token=" + token, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(scannedAgain.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body())
                .contains(address)
                .contains("<form method=\"post\"")
                .contains("<button")
                .doesNotContain("Address confirmed")
                .doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("<style")
                .doesNotContainIgnoringCase(" style=");
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'none'")
                .contains("form-action 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(statusOf(session.token(), address))
                .as("a GET confirms nothing")
                .isEqualTo("pending");

        Reply confirmed = api().postForm("/v1/sandbox/confirm", Map.of("token", token));

        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Address confirmed").contains(address);
        assertThat(confirmed.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(statusOf(session.token(), address)).isEqualTo("confirmed");
        Reply usedPage = api().get("/v1/sandbox/confirm?token=" + token, null);
        assertThat(usedPage.status()).as("a used link shows no button").isEqualTo(404);
        assertThat(usedPage.body()).contains("Link not valid").doesNotContain("<form");
        assertThat(api().postForm("/v1/sandbox/confirm", Map.of("token", token)).status())
                .as("single use")
                .isEqualTo(404);
    }

    @Test
    void postsWithForgedMissingOrExpiredTokens_confirmNothing_andShowA404Page() {
        String key = api().createKey(account().token(), "{}").get("key").asText();
        String address = "expiring-post" + N.incrementAndGet() + "@example.net";
        add(key, address);
        String token = Mailbox.confirmationToken(SMTP, address, 1);

        Reply forged = api().postForm("/v1/sandbox/confirm", Map.of("token", "forged"));
        Reply missing = api().postForm("/v1/sandbox/confirm", Map.of());
        APP.clock().advance(Duration.ofDays(7).plusSeconds(1));
        Reply expiredPage = api().get("/v1/sandbox/confirm?token=" + token, null);
        Reply expired = api().postForm("/v1/sandbox/confirm", Map.of("token", token));

        for (Reply reply : java.util.List.of(forged, missing, expiredPage, expired)) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(404);
            assertThat(reply.header("Content-Type")).startsWith("text/html");
            assertThat(reply.body()).contains("Link not valid").doesNotContain("<form");
        }
        assertThat(statusOf(key, address)).isEqualTo("pending");
    }

    @Test
    void theConfirmationPage_escapesTheAddressItShows() {
        Session session = account();
        String address = "o'brien&co" + N.incrementAndGet() + "@example.net";
        assertThat(add(session.token(), address).status()).isEqualTo(201);
        String token = Mailbox.confirmationToken(SMTP, address, 1);

        Reply page = api().get("/v1/sandbox/confirm?token=" + token, null);

        assertThat(page.body())
                .contains(address.replace("&", "&amp;").replace("'", "&#39;"))
                .doesNotContain(address);
    }

    @Test
    void apiKeysMayManageTheList_too() {
        Session session = account();
        String key = api().createKey(session.token(), "{}").get("key").asText();

        assertThat(add(key, "via-key" + N.incrementAndGet() + "@example.net").status())
                .isEqualTo(201);
        assertThat(api().get("/v1/account/sandbox-emails", key).json().get("data"))
                .hasSize(1);
    }

    @Test
    void resend_isLimitedToOncePerMinute_andReplacesTheLink() {
        Session session = account();
        String address = "resend" + N.incrementAndGet() + "@example.net";
        add(session.token(), address);
        String first = Mailbox.confirmationToken(SMTP, address, 1);

        Reply tooSoon =
                api().post("/v1/account/sandbox-emails/" + address + "/resend-confirmation", session.token(), "");
        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.errorCode()).isEqualTo("confirmation_resend_too_soon");
        assertThat(Long.parseLong(tooSoon.header("Retry-After"))).isBetween(1L, 61L);

        APP.clock().advance(Duration.ofSeconds(61));
        Session fresh =
                new Session(session.email(), session.accountId(), session.userId(), api().logIn(session.email()));
        Reply resent = api().post("/v1/account/sandbox-emails/" + address + "/resend-confirmation", fresh.token(), "");
        assertThat(resent.status()).isEqualTo(202);
        String second = Mailbox.confirmationToken(SMTP, address, 2);

        assertThat(second).isNotEqualTo(first);
        assertThat(api().get("/v1/sandbox/confirm?token=" + first, null).status())
                .as("old link")
                .isEqualTo(404);
        assertThat(Mailbox.openAndConfirm(api(), second).status()).isEqualTo(200);
    }

    @Test
    void linkExpiresAfterSevenDays() {
        Session session = account();
        String address = "late" + N.incrementAndGet() + "@example.net";
        add(session.token(), address);
        String token = Mailbox.confirmationToken(SMTP, address, 1);

        APP.clock().advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(api().get("/v1/sandbox/confirm?token=" + token, null).status())
                .isEqualTo(404);
    }

    @Test
    void duplicates_invalidAddresses_andTheFiftyFirst_areRefused() {
        Session session = account();
        String address = "dup" + N.incrementAndGet() + "@example.net";
        assertThat(add(session.token(), address).status()).isEqualTo(201);

        Reply duplicate = add(session.token(), address.toUpperCase());
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("sandbox_email_exists");
        Reply invalid = add(session.token(), "not an address");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("error").get("field").asText()).isEqualTo("email");

        for (int i = 2; i <= 50; i++) {
            assertThat(add(session.token(), "bulk" + i + "-" + N.incrementAndGet() + "@example.net")
                            .status())
                    .isEqualTo(201);
        }
        Reply fiftyFirst = add(session.token(), "one-too-many@example.net");
        assertThat(fiftyFirst.status()).isEqualTo(409);
        assertThat(fiftyFirst.errorCode()).isEqualTo("sandbox_email_limit_reached");
        assertThat(api().get("/v1/account/sandbox-emails", session.token())
                        .json()
                        .get("data"))
                .hasSize(50);
    }

    @Test
    void remove_deletesTheAddress_andAnUnknownOneIs404_alsoForAnotherAccount() {
        Session owner = account();
        Session stranger = account();
        String address = "remove" + N.incrementAndGet() + "@example.net";
        add(owner.token(), address);

        assertThat(api().delete("/v1/account/sandbox-emails/" + address, stranger.token())
                        .status())
                .isEqualTo(404);
        assertThat(api().delete("/v1/account/sandbox-emails/" + address, owner.token())
                        .status())
                .isEqualTo(204);
        assertThat(api().delete("/v1/account/sandbox-emails/" + address, owner.token())
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/v1/account/sandbox-emails", owner.token()).json().get("data"))
                .isEmpty();
    }

    private static String statusOf(String credential, String address) {
        for (JsonNode listed :
                api().get("/v1/account/sandbox-emails", credential).json().get("data")) {
            if (listed.get("email").asText().equals(address)) {
                return listed.get("status").asText();
            }
        }
        throw new AssertionError(address + " is not listed");
    }

    @Test
    void everyStep_isInTheAuditLog_withItsActor_andNoToken() {
        Session session = account();
        String address = "audited" + N.incrementAndGet() + "@example.net";
        Mailbox.confirm(APP.api(), SMTP, session.token(), address);
        api().delete("/v1/account/sandbox-emails/" + address, session.token());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode entries =
                    api().get("/v1/account/audit-log", session.token()).json().get("data");
            assertThat(entries)
                    .extracting(e -> e.get("type").asText())
                    .containsExactly(
                            "AccountOpened",
                            "SandboxEmailAdded",
                            "SandboxConfirmationSent",
                            "SandboxEmailConfirmed",
                            "SandboxEmailRemoved");
            assertThat(entries.get(1).get("actor").get("type").asText()).isEqualTo("user");
            assertThat(entries.get(3).get("actor").get("id").asText()).isEqualTo("confirmation-link");
            assertThat(entries.toString()).doesNotContain("tokenHash");
        });
    }
}
