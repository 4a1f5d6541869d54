package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.DialectSenders.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official {@code postmark} and {@code resend} npm packages, installed from the npm registry
 * ({@code src/test/node/package-lock.json}, {@code npm ci}), sending through the running app with
 * only their host changed: a send, an error and a batch each, checked in what the SDK answered, in
 * what Postject recorded and delivered, and in the {@code email.delivered} webhook a send sets off.
 */
class OfficialSdksTest {
    private static final Path NODE = Path.of("src", "test", "node");

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @RegisterExtension
    @Order(3)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("webhooks.allowPrivate", "true"));

    @BeforeAll
    static void installTheSdks() throws Exception {
        String output = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
        assertThat(NODE.resolve("node_modules/postmark/package.json"))
                .as(output)
                .exists();
        assertThat(NODE.resolve("node_modules/resend/package.json")).as(output).exists();
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(NODE.toFile())
                .redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
                .as("%s finished", command)
                .isTrue();
        String output = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return output;
    }

    private static JsonNode postmark(String token, String action, Object payload) throws Exception {
        return Api.parse(run(
                List.of("node", "postmark-send.mjs", "127.0.0.1:" + APP.port(), token, action, Api.json(payload)), 60));
    }

    private static JsonNode resend(String key, String action, Object payload, Object... options) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("node", "resend-send.mjs", "http://127.0.0.1:" + APP.port(), key, action, Api.json(payload)));
        if (options.length > 0) {
            command.add(Api.json(options[0]));
        }
        return Api.parse(run(command, 60));
    }

    private static JsonNode delivered(Sender s, String id, String recipient, String subject) {
        JsonNode[] email = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            email[0] = APP.api().get("/v1/emails/" + id, s.key()).json();
            assertThat(email[0].get("status").asText()).isEqualTo("delivered");
        });
        assertThat(SMTP.receivedFor(recipient)).anySatisfy(received -> {
            String data = new String(received.data(), StandardCharsets.UTF_8);
            assertThat(data).contains(id).contains("Subject: " + subject);
        });
        return email[0];
    }

    /** Subscribes the account to {@code email.delivered} at a path of the receiver of its own. */
    private static String deliveredWebhook(Sender s, String path) {
        Api.Reply created = APP.api()
                .post(
                        "/v1/webhooks",
                        s.key(),
                        Api.json(Map.of("url", RECEIVER.url(path), "events", List.of("email.delivered"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return path;
    }

    private static void awaitWebhook(String path, String id) {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(RECEIVER.received(path))
                        .anySatisfy(request -> assertThat(request.body())
                                .contains("email.delivered")
                                .contains(id)));
    }

    @Test
    void postmark_sendsAnEmail() throws Exception {
        Sender s = DialectSenders.sender(APP, SMTP, 2);
        String hook = deliveredWebhook(s, "/postmark-send");
        JsonNode answer = postmark(
                s.serverToken(),
                "email",
                Map.of(
                        "From", s.from(),
                        "To", s.addresses().get(1),
                        "Subject", "Sent by postmark.js",
                        "TextBody", "Hello from the Postmark SDK",
                        "Tag", "sdk",
                        "MessageStream", "outbound"));

        assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
        JsonNode result = answer.get("result");
        assertThat(result.get("ErrorCode").asInt()).isZero();
        assertThat(result.get("To").asText()).isEqualTo(s.addresses().get(1));
        JsonNode email =
                delivered(s, result.get("MessageID").asText(), s.addresses().get(1), "Sent by postmark.js");
        assertThat(email.get("source").asText()).isEqualTo("postmark");
        assertThat(email.get("tag").asText()).isEqualTo("sdk");
        awaitWebhook(hook, result.get("MessageID").asText());
    }

    @Test
    void postmark_throwsItsOwnErrors() throws Exception {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        Map<String, Object> email =
                Map.of("From", s.from(), "To", "stranger@example.org", "Subject", "Hi", "TextBody", "Hi");

        JsonNode badToken = postmark("pt_srv_notarealtoken", "email", email).get("error");
        assertThat(badToken.get("name").asText()).isEqualTo("InvalidAPIKeyError");
        assertThat(badToken.get("statusCode").asInt()).isEqualTo(401);
        assertThat(badToken.get("code").asInt()).isEqualTo(10);

        JsonNode sandbox = postmark(s.serverToken(), "email", email).get("error");
        assertThat(sandbox.get("name").asText()).isEqualTo("ApiInputError");
        assertThat(sandbox.get("statusCode").asInt()).isEqualTo(422);
        assertThat(sandbox.get("code").asInt()).isEqualTo(412);
        assertThat(sandbox.get("message").asText()).contains("sandbox");

        JsonNode invalid = postmark(s.serverToken(), "email", Map.of("From", s.from(), "To", s.from(), "Subject", "Hi"))
                .get("error");
        assertThat(invalid.get("name").asText()).isEqualTo("InvalidEmailRequestError");
        assertThat(invalid.get("code").asInt()).isEqualTo(300);
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
    }

    @Test
    void postmark_sendsABatch() throws Exception {
        Sender s = DialectSenders.sender(APP, SMTP, 2);
        JsonNode answer = postmark(
                s.serverToken(),
                "batch",
                List.of(
                        Map.of("From", s.from(), "To", s.addresses().get(1), "Subject", "Batch one", "TextBody", "1"),
                        Map.of("From", s.from(), "To", "stranger@example.org", "Subject", "Batch two", "TextBody", "2"),
                        Map.of(
                                "From",
                                s.from(),
                                "To",
                                s.addresses().get(1),
                                "Subject",
                                "Batch three",
                                "HtmlBody",
                                "<b>3</b>")));

        assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
        JsonNode results = answer.get("result");
        assertThat(results).extracting(r -> r.get("ErrorCode").asInt()).containsExactly(0, 412, 0);
        delivered(s, results.get(0).get("MessageID").asText(), s.addresses().get(1), "Batch one");
        delivered(s, results.get(2).get("MessageID").asText(), s.addresses().get(1), "Batch three");
    }

    @Test
    void resend_sendsAnEmail() throws Exception {
        Sender s = DialectSenders.sender(APP, SMTP, 2);
        String hook = deliveredWebhook(s, "/resend-send");
        JsonNode answer = resend(
                s.key(),
                "email",
                Map.of(
                        "from",
                        "Acme <" + s.from() + ">",
                        "to",
                        List.of(s.addresses().get(1)),
                        "replyTo",
                        "help@example.com",
                        "subject",
                        "Sent by resend",
                        "html",
                        "<p>Hello from the Resend SDK</p>",
                        "tags",
                        List.of(Map.of("name", "category", "value", "welcome"))));

        assertThat(answer.get("error").isNull()).as(answer.toString()).isTrue();
        String id = answer.get("data").get("id").asText();
        JsonNode email = delivered(s, id, s.addresses().get(1), "Sent by resend");
        assertThat(email.get("source").asText()).isEqualTo("resend");
        awaitWebhook(hook, id);
    }

    @Test
    void resend_answersItsOwnErrors() throws Exception {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        Map<String, Object> email = Map.of("from", s.from(), "to", s.from(), "subject", "Hi", "text", "Hi");

        JsonNode badKey = resend("pt_live_forged", "email", email).get("error");
        assertThat(badKey.get("name").asText()).isEqualTo("invalid_api_key");
        assertThat(badKey.get("statusCode").asInt()).isEqualTo(403);

        JsonNode scheduled = resend(s.key(), "email", DialectSenders.with(email, "scheduledAt", "in 1 hour"))
                .get("error");
        assertThat(scheduled.get("name").asText()).isEqualTo("validation_error");
        assertThat(scheduled.get("statusCode").asInt()).isEqualTo(422);
        assertThat(scheduled.get("message").asText()).contains("scheduled_at").contains("schedule");

        JsonNode sandbox = resend(s.key(), "email", DialectSenders.with(email, "to", "stranger@example.org"))
                .get("error");
        assertThat(sandbox.get("name").asText()).isEqualTo("validation_error");
        assertThat(sandbox.get("statusCode").asInt()).isEqualTo(403);
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
    }

    @Test
    void resend_sendsABatch_once_perIdempotencyKey() throws Exception {
        Sender s = DialectSenders.sender(APP, SMTP, 2);
        List<Map<String, Object>> emails = List.of(
                Map.of("from", s.from(), "to", s.addresses().get(1), "subject", "Resend batch one", "text", "1"),
                Map.of("from", s.from(), "to", s.addresses().get(1), "subject", "Resend batch two", "text", "2"));
        Map<String, String> options = Map.of("idempotencyKey", "welcome-batch-" + s.from());

        JsonNode answer = resend(s.key(), "batch", emails, options);
        assertThat(answer.get("error").isNull()).as(answer.toString()).isTrue();
        JsonNode data = answer.get("data").get("data");
        assertThat(data).hasSize(2);
        delivered(s, data.get(0).get("id").asText(), s.addresses().get(1), "Resend batch one");
        delivered(s, data.get(1).get("id").asText(), s.addresses().get(1), "Resend batch two");

        JsonNode again = resend(s.key(), "batch", emails, options);
        assertThat(again.get("data").get("data")).isEqualTo(data);
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).hasSize(2);
    }
}
