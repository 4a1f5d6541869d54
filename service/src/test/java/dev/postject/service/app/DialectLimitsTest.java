package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.DialectSenders.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Postmark and Resend endpoints read their own credential headers, and are held to the same
 * sends quotas as {@code POST /v1/emails}: each email counts against the account's and the
 * credential's, with the {@code RateLimit} headers, and past them each dialect's 429.
 */
class DialectLimitsTest {
    private static final int PER_CREDENTIAL = 3;

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port).withLimit("sandbox.sendsPerCredentialPerMinute", PER_CREDENTIAL);

    private static Reply post(String path, String header, String credential, String body) {
        HttpRequest.Builder request = APP.api()
                .request(path, null)
                .header("Content-Type", "application/json")
                .header(header, credential);
        return APP.api().send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Reply postmark(String path, Sender s, String body) {
        return post(path, "X-Postmark-Server-Token", s.serverToken(), body);
    }

    private static Reply resend(String path, Sender s, String body) {
        return post(path, "Authorization", "Bearer " + s.key(), body);
    }

    private static String postmarkEmail(Sender s) {
        return Api.json(Map.of("From", s.from(), "To", s.from(), "Subject", "Hi", "TextBody", "Hi"));
    }

    private static String resendEmail(Sender s) {
        return Api.json(Map.of("from", s.from(), "to", List.of(s.from()), "subject", "Hi", "text", "Hi"));
    }

    @Test
    void postmarkSends_countAgainstTheServerTokensQuota_andPastIt_answerPostmarks429() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        QuotaWindows.startNext(APP);
        Reply first = postmark("/email", s, postmarkEmail(s));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.header("RateLimit")).contains("\"credential-sends\";r=" + (PER_CREDENTIAL - 1) + ";");

        Reply batch = postmark("/email/batch", s, "[" + postmarkEmail(s) + "," + postmarkEmail(s) + "]");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.header("RateLimit")).contains("\"credential-sends\";r=0;");

        Reply refused = postmark("/email", s, postmarkEmail(s));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("ErrorCode").asInt()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data").size())
                .as("the refused email was not queued")
                .isEqualTo(PER_CREDENTIAL);
    }

    @Test
    void resendSends_countAgainstTheApiKeysQuota_aBatchAllOrNone_andPastIt_answerResends429() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        QuotaWindows.startNext(APP);
        Reply first = resend("/emails", s, resendEmail(s));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.header("RateLimit")).contains("\"credential-sends\";r=" + (PER_CREDENTIAL - 1) + ";");

        String three = "[" + resendEmail(s) + "," + resendEmail(s) + "," + resendEmail(s) + "]";
        Reply tooBig = resend("/emails/batch", s, three);
        assertThat(tooBig.status())
                .as("three do not fit the two left: none counted")
                .isEqualTo(429);
        assertThat(tooBig.json().get("name").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(tooBig.header("Retry-After")).isNotBlank();

        Reply two = resend("/emails/batch", s, "[" + resendEmail(s) + "," + resendEmail(s) + "]");
        assertThat(two.status()).as(two.toString()).isEqualTo(200);
        Reply refused = resend("/emails", s, resendEmail(s));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("statusCode").asInt()).isEqualTo(429);
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data").size())
                .isEqualTo(PER_CREDENTIAL);
    }
}
