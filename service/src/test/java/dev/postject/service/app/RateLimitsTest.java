package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rate limits on authenticated API requests other than sends: per account and per credential, with
 * the IETF draft's {@code RateLimit-Policy} and {@code RateLimit} headers on every answer, 429 and
 * {@code Retry-After} past a limit, and a new window that refills them.
 */
class RateLimitsTest {
    private static final int PER_ACCOUNT = 8;
    private static final int PER_CREDENTIAL = 5;

    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase()
            .withLimit("sandbox.requestsPerAccountPerMinute", PER_ACCOUNT)
            .withLimit("sandbox.requestsPerCredentialPerMinute", PER_CREDENTIAL);

    private static Api api() {
        return APP.api();
    }

    @Test
    void everyAnswer_successOrError_carriesThePoliciesAndWhatIsLeft() {
        Session session = api().signUp("headers-" + System.nanoTime() + "@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        QuotaWindows.startNext(APP);

        Reply ok = api().get("/v1/account", key);
        Reply notFound = api().get("/v1/emails/msg_doesnotexist", key);
        Reply invalid = api().post("/v1/emails", key, "{\"from\":\"nobody\"}");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("RateLimit-Policy"))
                .isEqualTo("\"account-requests\";q=8;w=60, \"credential-requests\";q=5;w=60");
        assertThat(ok.header("RateLimit"))
                .matches("\"account-requests\";r=7;t=\\d+, \"credential-requests\";r=4;t=\\d+");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("RateLimit"))
                .matches("\"account-requests\";r=6;t=\\d+, \"credential-requests\";r=3;t=\\d+");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.header("RateLimit-Policy"))
                .as("a send counts against the sends policies")
                .isEqualTo("\"account-sends\";q=1000000;w=60, \"credential-sends\";q=1000000;w=60");
        assertThat(invalid.header("RateLimit")).startsWith("\"account-sends\";r=999999;t=");
        int t = Integer.parseInt(ok.header("RateLimit").replaceAll(".*;t=(\\d+)$", "$1"));
        assertThat(t).isBetween(1, 60);
    }

    @Test
    void pastTheCredentialsLimit_429WithRetryAfter_andTheErrorJson_untilTheWindowRefills() {
        Session session = api().signUp("refill-" + System.nanoTime() + "@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        QuotaWindows.startNext(APP);
        for (int i = 0; i < PER_CREDENTIAL; i++) {
            assertThat(api().get("/v1/account", key).status()).isEqualTo(200);
        }

        Reply refused = api().get("/v1/account", key);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("too_many_requests");
        assertThat(refused.json().get("error").get("message").asText())
                .contains("this credential may make 5 requests per minute");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(refused.header("RateLimit")).matches(".*\"credential-requests\";r=0;t=" + retryAfter + "$");
        assertThat(refused.header("RateLimit-Policy")).contains("\"credential-requests\";q=5;w=60");

        APP.clock().advance(Duration.ofSeconds(retryAfter));
        Reply again = api().get("/v1/account", key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("RateLimit")).contains("\"credential-requests\";r=4;");
    }

    @Test
    void twoKeysOfOneAccount_shareTheAccountsLimit_eachWithItsOwn() {
        Session session = api().signUp("two-keys-" + System.nanoTime() + "@example.com");
        String first = api().createKey(session.token(), "{}").get("key").asText();
        String second = api().createKey(session.token(), "{}").get("key").asText();
        QuotaWindows.startNext(APP);
        for (int i = 0; i < PER_CREDENTIAL; i++) {
            assertThat(api().get("/v1/account", first).status()).isEqualTo(200);
        }
        Reply firstRefused = api().get("/v1/account", first);
        assertThat(firstRefused.status()).isEqualTo(429);
        assertThat(firstRefused.json().get("error").get("message").asText()).contains("credential-requests");

        // the account has 8 - 5 = 3 left (the refused request counted nothing), the second key its own 5
        for (int i = 0; i < PER_ACCOUNT - PER_CREDENTIAL; i++) {
            assertThat(api().get("/v1/account", second).status()).isEqualTo(200);
        }
        Reply secondRefused = api().get("/v1/account", second);
        assertThat(secondRefused.status()).isEqualTo(429);
        assertThat(secondRefused.json().get("error").get("message").asText())
                .contains("this account may make 8 requests per minute")
                .contains("account-requests");
        assertThat(secondRefused.header("RateLimit")).startsWith("\"account-requests\";r=0;");
        assertThat(api().get("/v1/account", session.token()).status())
                .as("the dashboard user is another credential of the same account")
                .isEqualTo(429);

        Session other = api().signUp("other-account-" + System.nanoTime() + "@example.com");
        assertThat(api().get("/v1/account", other.token()).status())
                .as("another account has its own limits")
                .isEqualTo(200);
    }

    @Test
    void unauthenticatedAnswers_carryNoRateLimitHeaders() {
        Reply unauthorized = api().get("/v1/account", "pk_live_nothing");

        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.header("RateLimit")).isNull();
    }
}
