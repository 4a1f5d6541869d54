package dev.postject.service.app;

import static dev.postject.service.app.BounceTests.awaitStatus;
import static dev.postject.service.app.BounceTests.awaitWebhook;
import static dev.postject.service.app.BounceTests.recipient;
import static dev.postject.service.app.BounceTests.send;
import static dev.postject.service.app.BounceTests.sender;
import static dev.postject.service.app.BounceTests.suppression;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.BounceTests.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A relay that refuses mail, at RCPT TO or after DATA, in the words real servers use: each refusal
 * is classified in the email's recipients, its webhook and (for a hard bounce only) the suppression
 * list, and only a hard bounce stops the next email to the address.
 */
class BounceClassificationTest {
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

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        "RCPT",
                        "550 5.1.1 <{to}>: Recipient address rejected: User unknown",
                        "hard",
                        "mailbox_unknown",
                        "5.1.1",
                        true),
                Arguments.of(
                        "RCPT",
                        "550 5.1.2 <{to}>: Recipient address rejected: Domain not found",
                        "hard",
                        "domain_unknown",
                        "5.1.2",
                        true),
                Arguments.of(
                        "RCPT",
                        "550 Requested action not taken: mailbox unavailable",
                        "hard",
                        "mailbox_unknown",
                        null,
                        true),
                Arguments.of(
                        "DATA",
                        "552 5.2.2 The email account that you tried to reach is over quota",
                        "soft",
                        "mailbox_full",
                        "5.2.2",
                        false),
                Arguments.of(
                        "DATA",
                        "552 5.3.4 Message size exceeds fixed maximum message size",
                        "soft",
                        "message_too_large",
                        "5.3.4",
                        false),
                Arguments.of(
                        "RCPT",
                        "550 5.7.1 Unauthenticated email is not accepted due to the domain's DMARC policy",
                        "block",
                        "policy",
                        "5.7.1",
                        false),
                Arguments.of(
                        "DATA",
                        "554 5.7.1 Message rejected as spam by Content Filtering",
                        "block",
                        "spam_content",
                        "5.7.1",
                        false),
                Arguments.of(
                        "RCPT",
                        "554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org",
                        "block",
                        "blocklisted",
                        "5.7.1",
                        false),
                Arguments.of("DATA", "554 Transaction failed", "undetermined", "other", null, false));
    }

    @ParameterizedTest(name = "{0} {1}: {2}/{3}")
    @MethodSource("refusals")
    void aRefusal_isClassified_andOnlyAHardBounceSuppresses(
            String stage, String reply, String type, String subtype, String status, boolean suppresses) {
        Sender s = sender(api(), SMTP, "classify.test");
        BounceTests.webhook(api(), s, RECEIVER, "/" + s.to(), "email.bounced");
        String refusal = reply.replace("{to}", s.to());
        if (stage.equals("RCPT")) {
            SMTP.scriptReplies(s.to(), refusal);
        } else {
            SMTP.scriptDataReplies(s.to(), refusal);
        }

        String id = send(api(), s);

        JsonNode email = awaitStatus(api(), s, id, "bounced");
        JsonNode bounce = recipient(email, s).get("bounce");
        assertThat(recipient(email, s).get("status").asText()).isEqualTo("bounced");
        assertThat(bounce.get("bounceType").asText()).isEqualTo(type);
        assertThat(bounce.get("subtype").asText()).isEqualTo(subtype);
        assertThat(bounce.get("status").isNull() ? null : bounce.get("status").asText())
                .isEqualTo(status);
        assertThat(bounce.get("response").asText()).isEqualTo(refusal);
        assertThat(bounce.get("asynchronous").asBoolean()).isFalse();
        assertThat(email.get("events")).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("bounced");
            assertThat(e.get("detail").asText()).isEqualTo(refusal);
        });

        JsonNode hook = awaitWebhook(RECEIVER, "/" + s.to(), "email.bounced", id);
        assertThat(hook.get("recipient").asText()).isEqualTo(s.to());
        assertThat(hook.get("bounceType").asText()).isEqualTo(type);
        assertThat(hook.get("subtype").asText()).isEqualTo(subtype);
        assertThat(hook.get("status").isNull() ? null : hook.get("status").asText())
                .isEqualTo(status);
        assertThat(hook.get("response").asText()).isEqualTo(refusal);
        assertThat(hook.get("asynchronous").asBoolean()).isFalse();

        if (suppresses) {
            JsonNode entry = suppression(api(), s, s.to()).orElseThrow();
            assertThat(entry.get("reason").asText()).isEqualTo("hard_bounce");
            assertThat(entry.get("emailId").asText()).isEqualTo(id);
            assertThat(entry.get("bounceType").asText()).isEqualTo("hard");
            assertThat(entry.get("subtype").asText()).isEqualTo(subtype);
            assertThat(entry.get("createdAt").asText()).isNotEmpty();
            Api.Reply next = api().post(
                            "/v1/emails",
                            s.key(),
                            Api.json(java.util.Map.of("from", s.from(), "to", s.to(), "subject", "s", "text", "x")));
            assertThat(next.status()).isEqualTo(422);
            assertThat(next.errorCode()).isEqualTo("recipients_suppressed");
        } else {
            assertThat(suppression(api(), s, s.to()))
                    .as("a " + type + " bounce suppresses nothing")
                    .isEmpty();
            int copies = SMTP.receivedFor(s.to()).size();
            awaitStatus(api(), s, send(api(), s), "delivered");
            assertThat(SMTP.receivedFor(s.to())).hasSize(copies + 1);
        }
    }

    @Test
    void a4xxMailboxFull_isDeferred_notBounced_andSuppressesNothing() {
        Sender s = sender(api(), SMTP, "classify.test");
        SMTP.scriptReplies(s.to(), "452 4.2.2 The email account that you tried to reach is over quota");

        String id = send(api(), s);

        JsonNode email = awaitStatus(api(), s, id, "deferred");
        assertThat(recipient(email, s).get("status").asText()).isEqualTo("deferred");
        assertThat(recipient(email, s).get("bounce").isNull()).isTrue();
        assertThat(suppression(api(), s, s.to())).isEmpty();
        APP.clock().advance(java.time.Duration.ofSeconds(61));
        awaitStatus(api(), s, id, "delivered");
    }

    @Test
    void theEmailList_showsEachRecipientsBounce_too() {
        Sender s = sender(api(), SMTP, "classify.test");
        SMTP.scriptDataReplies(s.to(), "552 5.2.2 Mailbox full");
        String id = send(api(), s);
        awaitStatus(api(), s, id, "bounced");

        JsonNode listed = api().get("/v1/emails?status=bounced", s.key()).json().get("data");

        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("events")).isFalse();
        JsonNode bounce = recipient(listed.get(0), s).get("bounce");
        assertThat(bounce.get("bounceType").asText()).isEqualTo("soft");
        assertThat(bounce.get("subtype").asText()).isEqualTo("mailbox_full");
        assertThat(bounce.get("status").asText()).isEqualTo("5.2.2");
    }
}
