package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Submitter.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sends quotas: each email counts (each of a batch, all or none; each SMTP message), HTTP and
 * SMTP together; past them 429 {@code too_many_sends} over HTTP and {@code 451 4.7.1} over SMTP.
 */
class SendRateLimitsTest {
    private static final int PER_CREDENTIAL = 4;
    private static final int PER_ACCOUNT = 6;

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(SMTP::port)
            .withLimit("sandbox.sendsPerAccountPerMinute", PER_ACCOUNT)
            .withLimit("sandbox.sendsPerCredentialPerMinute", PER_CREDENTIAL);

    private final Submitter submitter = new Submitter(APP);

    private static Api api() {
        return APP.api();
    }

    private static String email(Sender s, String subject) {
        return Api.json(Map.of("from", s.from(), "to", s.to(), "subject", subject, "text", "Hi"));
    }

    private static String batch(Sender s, int emails) {
        return "[" + String.join(",", Collections.nCopies(emails, email(s, "Batched"))) + "]";
    }

    private static int emailsOf(Sender s) {
        return api().get("/v1/emails?limit=100", s.key()).json().get("data").size();
    }

    @Test
    void pastTheCredentialsSends_429TooManySends_withRetryAfter_andNothingQueued() {
        Sender s = Submitter.sender(APP, SMTP);
        QuotaWindows.startNext(APP);
        for (int i = 0; i < PER_CREDENTIAL; i++) {
            Reply sent = api().post("/v1/emails", s.key(), email(s, "Sent " + i));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
            assertThat(sent.header("RateLimit"))
                    .startsWith("\"account-sends\";r=" + (PER_ACCOUNT - i - 1) + ";")
                    .contains("\"credential-sends\";r=" + (PER_CREDENTIAL - i - 1) + ";");
        }

        Reply refused = api().post("/v1/emails", s.key(), email(s, "One too many"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("too_many_sends");
        assertThat(refused.json().get("error").get("message").asText())
                .isEqualTo(
                        "Too many emails: this credential may send 4 emails per minute (policy \"credential-sends\").");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("RateLimit-Policy"))
                .isEqualTo("\"account-sends\";q=6;w=60, \"credential-sends\";q=4;w=60");
        assertThat(emailsOf(s)).isEqualTo(PER_CREDENTIAL);
        assertThat(api().get("/v1/emails", s.key()).status())
                .as("reading is counted apart from sending")
                .isEqualTo(200);
    }

    @Test
    void aBatchCountsEachEmail_allOrNone() {
        Sender s = Submitter.sender(APP, SMTP);
        QuotaWindows.startNext(APP);

        Reply three = api().post("/v1/emails/batch", s.key(), batch(s, 3));
        assertThat(three.status()).as(three.toString()).isEqualTo(200);
        assertThat(three.header("RateLimit")).contains("\"credential-sends\";r=1;");
        Reply two = api().post("/v1/emails/batch", s.key(), batch(s, 2));
        assertThat(two.status()).as(two.toString()).isEqualTo(429);
        assertThat(two.errorCode()).isEqualTo("too_many_sends");
        assertThat(two.header("Retry-After")).isNotNull();
        assertThat(two.header("RateLimit"))
                .as("the refused batch counted none of its emails")
                .contains("\"credential-sends\";r=1;");
        Reply tooBig = api().post("/v1/emails/batch", s.key(), batch(s, PER_CREDENTIAL + 1));
        assertThat(tooBig.status()).isEqualTo(422);
        assertThat(tooBig.errorCode()).isEqualTo("batch_over_rate_limit");

        assertThat(emailsOf(s)).as("only the first batch was queued").isEqualTo(3);
        assertThat(api().post("/v1/emails", s.key(), email(s, "The last one")).status())
                .isEqualTo(202);
    }

    @Test
    void smtpMessagesCountWithHttpSends_andPastTheLimit_mailFromIsAnswered451() throws IOException {
        Sender s = Submitter.sender(APP, SMTP);
        QuotaWindows.startNext(APP);
        try (RawSmtp client = submitter.authenticated(s.key())) {
            for (int i = 0; i < 2; i++) {
                assertThat(client.send("MAIL FROM:<" + s.from() + ">")).startsWith("250 2.1.0");
                assertThat(client.send("RCPT TO:<" + s.to() + ">")).startsWith("250 2.1.5");
                assertThat(client.send("DATA")).startsWith("354");
                client.write(
                        "From: " + s.from() + "\r\nTo: " + s.to() + "\r\nSubject: SMTP " + i + "\r\n\r\nHi\r\n.\r\n");
                assertThat(client.reply()).startsWith("250 2.0.0 OK queued as ");
            }
            for (int i = 0; i < PER_CREDENTIAL - 2; i++) {
                assertThat(api().post("/v1/emails", s.key(), email(s, "HTTP " + i))
                                .status())
                        .isEqualTo(202);
            }

            String refused = client.send("MAIL FROM:<" + s.from() + ">");

            assertThat(refused)
                    .startsWith("451 4.7.1 too_many_sends: Too many emails: this credential may send 4 emails per"
                            + " minute (policy \"credential-sends\"). Try again in ")
                    .endsWith(" s.");
            assertThat(client.send("RCPT TO:<" + s.to() + ">"))
                    .as("no transaction was opened")
                    .startsWith("503");
        }
        assertThat(emailsOf(s)).isEqualTo(PER_CREDENTIAL);
    }

    @Test
    void twoKeysOfOneAccount_shareItsSends() {
        Sender s = Submitter.sender(APP, SMTP);
        String second = api().createKey(s.session().token(), "{}").get("key").asText();
        QuotaWindows.startNext(APP);
        for (int i = 0; i < PER_CREDENTIAL; i++) {
            assertThat(api().post("/v1/emails", s.key(), email(s, "First key")).status())
                    .isEqualTo(202);
        }
        for (int i = 0; i < PER_ACCOUNT - PER_CREDENTIAL; i++) {
            assertThat(api().post("/v1/emails", second, email(s, "Second key")).status())
                    .isEqualTo(202);
        }

        Reply refused = api().post("/v1/emails", second, email(s, "Over the account's"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("error").get("message").asText()).contains("this account may send 6 emails");
        assertThat(emailsOf(s)).isEqualTo(PER_ACCOUNT);
    }
}
