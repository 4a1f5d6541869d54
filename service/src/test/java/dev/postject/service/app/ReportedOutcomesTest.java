package dev.postject.service.app;

import static dev.postject.service.app.BounceTests.awaitStatus;
import static dev.postject.service.app.BounceTests.awaitWebhook;
import static dev.postject.service.app.BounceTests.recipient;
import static dev.postject.service.app.BounceTests.send;
import static dev.postject.service.app.BounceTests.sender;
import static dev.postject.service.app.BounceTests.suppression;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.events.EmailId;
import dev.postject.service.app.BounceTests.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.reports.BounceClassifier;
import dev.postject.service.sending.RecordComplaint;
import dev.postject.service.sending.RecordReportedBounce;
import dev.postject.service.sending.RecordReportedDelay;
import dev.postject.service.webhooks.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What comes back after an email was delivered: a bounce report, a delay report, a spam complaint.
 * Each is recorded with the command a report turns into, through the running app's own command
 * gateway, so that what follows (suppression, the email's recipients and timeline, webhooks to a real
 * HTTP receiver) is held for every kind apart from how reports are read; {@code InboundReportsTest}
 * and {@code PostfixBounceTest} drive the same through the inbound SMTP listener.
 */
class ReportedOutcomesTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("webhooks.allowPrivate", "true"));

    private static Api api() {
        return APP.api();
    }

    /** A sender whose first email was delivered, subscribed at {@code /<its recipient>} to these events. */
    private static Sender delivered(String[] ids, String... events) {
        Sender s = sender(api(), SMTP, "reported.test");
        BounceTests.webhook(api(), s, RECEIVER, "/" + s.to(), events);
        ids[0] = send(api(), s);
        awaitStatus(api(), s, ids[0], "delivered");
        return s;
    }

    private static boolean record(Object command) {
        return APP.commands().<Boolean>sendAndWait(command);
    }

    @Test
    void aComplaint_suppressesTheAddress_isShownOnTheEmail_andGoesToTheWebhook() {
        String[] id = new String[1];
        Sender s = delivered(id, "email.complained");

        assertThat(record(new RecordComplaint(new EmailId(id[0]), s.to(), "abuse", "Yahoo!-Mail-Feedback/2.0")))
                .isTrue();
        assertThat(record(new RecordComplaint(new EmailId(id[0]), s.to(), "abuse", null)))
                .as("once per recipient")
                .isFalse();

        JsonNode entry = suppression(api(), s, s.to()).orElseThrow();
        assertThat(entry.get("reason").asText()).isEqualTo("complaint");
        assertThat(entry.get("emailId").asText()).isEqualTo(id[0]);
        assertThat(entry.get("bounceType").isNull()).isTrue();
        JsonNode email = api().get("/v1/emails/" + id[0], s.key()).json();
        assertThat(email.get("status").asText()).as("still delivered").isEqualTo("delivered");
        assertThat(recipient(email, s).get("complaint").get("feedbackType").asText())
                .isEqualTo("abuse");
        assertThat(email.get("events")).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("complained");
            assertThat(e.get("detail").asText()).contains("abuse").contains("Yahoo!-Mail-Feedback/2.0");
        });
        JsonNode hook = awaitWebhook(RECEIVER, "/" + s.to(), "email.complained", id[0]);
        assertThat(hook.get("recipient").asText()).isEqualTo(s.to());
        assertThat(hook.get("feedbackType").asText()).isEqualTo("abuse");
        assertThat(hook.get("reporter").asText()).isEqualTo("Yahoo!-Mail-Feedback/2.0");
        Api.Reply next = api().post(
                        "/v1/emails",
                        s.key(),
                        Api.json(Map.of("from", s.from(), "to", s.to(), "subject", "s", "text", "x")));
        assertThat(next.errorCode()).isEqualTo("recipients_suppressed");
    }

    @Test
    void aHardBounceReportedAfterDelivery_bouncesTheEmail_andSuppressesTheAddress() {
        String[] id = new String[1];
        Sender s = delivered(id, "email.bounced");
        String diagnostic = "smtp; 550 5.1.1 <" + s.to() + ">: user unknown";

        assertThat(record(new RecordReportedBounce(
                        new EmailId(id[0]),
                        s.to().toUpperCase(java.util.Locale.ROOT),
                        BounceClassifier.classify(0, "5.1.1", diagnostic),
                        "5.1.1",
                        diagnostic)))
                .isTrue();

        JsonNode email = awaitStatus(api(), s, id[0], "bounced");
        JsonNode bounce = recipient(email, s).get("bounce");
        assertThat(recipient(email, s).get("status").asText()).isEqualTo("bounced");
        assertThat(bounce.get("bounceType").asText()).isEqualTo("hard");
        assertThat(bounce.get("subtype").asText()).isEqualTo("mailbox_unknown");
        assertThat(bounce.get("status").asText()).isEqualTo("5.1.1");
        assertThat(bounce.get("response").asText()).isEqualTo(diagnostic);
        assertThat(bounce.get("asynchronous").asBoolean()).isTrue();
        assertThat(email.get("events"))
                .extracting(e -> e.get("type").asText())
                .containsExactly("queued", "delivered", "bounced");
        JsonNode entry = suppression(api(), s, s.to()).orElseThrow();
        assertThat(entry.get("reason").asText()).isEqualTo("hard_bounce");
        assertThat(entry.get("emailId").asText()).isEqualTo(id[0]);
        JsonNode hook = awaitWebhook(RECEIVER, "/" + s.to(), "email.bounced", id[0]);
        assertThat(hook.get("bounceType").asText()).isEqualTo("hard");
        assertThat(hook.get("status").asText()).isEqualTo("5.1.1");
        assertThat(hook.get("asynchronous").asBoolean()).isTrue();
    }

    @Test
    void aMailboxFullReportedAfterDelivery_isASoftBounce_thatSuppressesNothing() {
        String[] id = new String[1];
        Sender s = delivered(id, "email.bounced");
        String diagnostic = "smtp; 452 4.2.2 <" + s.to() + ">: mailbox full (gave up after 5 days)";

        record(new RecordReportedBounce(
                new EmailId(id[0]), s.to(), BounceClassifier.classify(0, "4.2.2", diagnostic), "4.2.2", diagnostic));

        JsonNode bounce = recipient(awaitStatus(api(), s, id[0], "bounced"), s).get("bounce");
        assertThat(bounce.get("bounceType").asText()).isEqualTo("soft");
        assertThat(bounce.get("subtype").asText()).isEqualTo("mailbox_full");
        assertThat(suppression(api(), s, s.to())).isEmpty();
        awaitStatus(api(), s, send(api(), s), "delivered");
    }

    @Test
    void aDelayReport_isADelayedEntry_andAWebhook_andDecidesNothing() {
        String[] id = new String[1];
        Sender s = delivered(id, "email.delayed");

        assertThat(record(new RecordReportedDelay(
                        new EmailId(id[0]), s.to(), "4.4.1", "connect to mx.reported.test: Connection timed out")))
                .isTrue();

        JsonNode email = api().get("/v1/emails/" + id[0], s.key()).json();
        assertThat(email.get("status").asText()).isEqualTo("delivered");
        assertThat(email.get("events")).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("delayed");
            assertThat(e.get("detail").asText()).isEqualTo("4.4.1 connect to mx.reported.test: Connection timed out");
        });
        JsonNode hook = awaitWebhook(RECEIVER, "/" + s.to(), "email.delayed", id[0]);
        assertThat(hook.get("status").asText()).isEqualTo("4.4.1");
        assertThat(hook.get("response").asText()).contains("timed out");
        assertThat(suppression(api(), s, s.to())).isEmpty();
    }
}
