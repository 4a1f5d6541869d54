package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Postject's own mail is no abuse channel: confirmation mails are limited per address (whichever
 * account asks, and across remove and re-add) and per account; here with the shipped defaults.
 */
class ConfirmationLimitsTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(SMTP::port)
            .withShippedLimits(
                    "confirmationsPerAddressPerMinute",
                    "confirmationsPerAddressPerDay",
                    "confirmationsPerAccountPerHour");

    private static final AtomicInteger N = new AtomicInteger();

    private static Api api() {
        return APP.api();
    }

    /** A new account's API key: it outlives the dashboard token while the clock moves. */
    private static String newAccountKey() {
        Session session = api().signUp("limits-owner" + N.incrementAndGet() + "@example.com");
        return api().createKey(session.token(), "{}").get("key").asText();
    }

    private static String newAddress() {
        return "stranger" + N.incrementAndGet() + "@example.net";
    }

    private static Reply add(String key, String email) {
        return api().post("/v1/account/sandbox-emails", key, Api.json(Map.of("email", email)));
    }

    private static Reply remove(String key, String email) {
        return api().delete("/v1/account/sandbox-emails/" + email, key);
    }

    private static Reply resend(String key, String email) {
        return api().post("/v1/account/sandbox-emails/" + email + "/resend-confirmation", key, "");
    }

    private static void assertLimited(Reply reply, String code, long minRetryAfter, long maxRetryAfter) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(429);
        assertThat(reply.errorCode()).isEqualTo(code);
        assertThat(reply.json().get("error").get("message").asText()).isNotBlank();
        assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(minRetryAfter, maxRetryAfter);
    }

    /** Exactly {@code count} mails reached the address, and no more follow. */
    private static void assertMailed(String address, int count) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> SMTP.receivedFor(address).size() >= count);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> SMTP.receivedFor(address).size() == count);
    }

    @Test
    void removeAndReAdd_ofAnUnconfirmedAddress_mailsItAtMostOnceAMinute_andFiveTimesADay() {
        String key = newAccountKey();
        String address = newAddress();

        for (int mail = 1; mail <= 4; mail++) {
            assertThat(add(key, address).status()).as("mail " + mail).isEqualTo(201);
            assertThat(remove(key, address).status()).isEqualTo(204);
            assertLimited(add(key, address), "too_many_confirmations_for_address", 1, 61);
            APP.clock().advance(Duration.ofSeconds(61));
        }
        assertThat(add(key, address).status()).as("mail 5").isEqualTo(201);
        assertThat(remove(key, address).status()).isEqualTo(204);
        APP.clock().advance(Duration.ofSeconds(61));

        Reply sixth = add(key, address);

        assertLimited(sixth, "too_many_confirmations_for_address", 23 * 3600, 24 * 3600 + 1);
        assertMailed(address, 5);
        assertThat(api().get("/v1/account/sandbox-emails", key).json().get("data"))
                .as("a refused add leaves nothing behind")
                .isEmpty();
        APP.clock().advance(Duration.ofSeconds(Long.parseLong(sixth.header("Retry-After"))));
        assertThat(add(key, address).status()).isEqualTo(201);
    }

    @Test
    void theSameAddress_fromAnotherAccount_orWithAnotherTagOrCase_countsToo() {
        String first = newAccountKey();
        String second = newAccountKey();
        String address = newAddress();
        assertThat(add(first, address).status()).isEqualTo(201);

        Reply sameAddress = add(second, address);
        Reply tagged = add(second, address.toUpperCase().replace("@", "+promo@"));

        assertLimited(sameAddress, "too_many_confirmations_for_address", 1, 61);
        assertLimited(tagged, "too_many_confirmations_for_address", 1, 61);
        assertThat(api().get("/v1/account/sandbox-emails", second).json().get("data"))
                .isEmpty();
        assertMailed(address, 1);
    }

    @Test
    void resends_countAgainstTheAddress_likeAdds() {
        String first = newAccountKey();
        String second = newAccountKey();
        String address = newAddress();
        add(first, address);
        APP.clock().advance(Duration.ofSeconds(61));
        assertThat(add(second, address).status()).isEqualTo(201);
        APP.clock().advance(Duration.ofSeconds(30));

        assertLimited(resend(first, address), "too_many_confirmations_for_address", 1, 31);
    }

    @Test
    void anAccount_mailsAtMostTenConfirmationsAnHour_resendsIncluded() {
        String key = newAccountKey();
        List<String> addresses = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            addresses.add(newAddress());
            assertThat(add(key, addresses.get(i)).status()).isEqualTo(201);
        }
        APP.clock().advance(Duration.ofSeconds(61));
        assertThat(resend(key, addresses.get(0)).status()).isEqualTo(202);

        Reply eleventh = add(key, newAddress());
        Reply resent = resend(key, addresses.get(1));

        assertLimited(eleventh, "too_many_confirmations_for_account", 3600 - 120, 3601);
        assertLimited(resent, "too_many_confirmations_for_account", 3600 - 120, 3601);
        APP.clock().advance(Duration.ofSeconds(Long.parseLong(eleventh.header("Retry-After"))));
        assertThat(add(key, newAddress()).status()).isEqualTo(201);
    }

    @Test
    void tenAccounts_addingOneAddressAtOnce_mailItOnce() {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add(newAccountKey());
        }
        String address = newAddress();

        List<Reply> adds = Parallel.replies(10, i -> add(keys.get(i), address));

        assertThat(adds).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(adds).filteredOn(r -> r.status() == 429).hasSize(9);
        assertMailed(address, 1);
    }
}
