package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * What the bounce and suppression tests share: a sandbox account that sends from one confirmed
 * address to another, through the relay test server, and what the API shows of its emails and
 * suppression list afterwards.
 */
final class BounceTests {
    private BounceTests() {}

    /** An account's owner (who logs in with {@code Api.Session.PASSWORD}), API key, confirmed sender and recipient. */
    record Sender(String owner, String key, String from, String to) {}

    /** A fresh account with a confirmed sender and recipient at {@code domain}. */
    static Sender sender(Api api, ScriptedSmtpServer smtp, String domain) {
        String n = UUID.randomUUID().toString().substring(0, 8);
        Api.Session session = api.signUp("bounces-" + n + "@example.com");
        String key = api.createKey(session.token(), "{}").get("key").asText();
        Sender sender = new Sender(session.email(), key, "from-" + n + "@" + domain, "to-" + n + "@" + domain);
        Mailbox.confirm(api, smtp, key, sender.from());
        Mailbox.confirm(api, smtp, key, sender.to());
        return sender;
    }

    /** Sends one email to the sender's recipient; its id. */
    static String send(Api api, Sender sender) {
        Api.Reply reply = api.post(
                "/v1/emails",
                sender.key(),
                Api.json(Map.of("from", sender.from(), "to", sender.to(), "subject", "s", "text", "x")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().get("id").asText();
    }

    /** The email once it has this status. */
    static JsonNode awaitStatus(Api api, Sender sender, String id, String status) {
        JsonNode[] email = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            email[0] = api.get("/v1/emails/" + id, sender.key()).json();
            assertThat(email[0].get("status").asText()).as(email[0].toString()).isEqualTo(status);
        });
        return email[0];
    }

    /** The sender's recipient's entry in the email's {@code recipients}. */
    static JsonNode recipient(JsonNode email, Sender sender) {
        return recipient(email, sender.to());
    }

    /** The address's entry in the email's {@code recipients}. */
    static JsonNode recipient(JsonNode email, String address) {
        return StreamSupport.stream(email.get("recipients").spliterator(), false)
                .filter(r -> r.get("email").asText().equals(address))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no recipient " + address + " in " + email));
    }

    /** The address's entry on the account's suppression list, if it is there. */
    static Optional<JsonNode> suppression(Api api, Sender sender, String address) {
        return suppression(api, sender.key(), address);
    }

    /** The address's entry on the suppression list of the account this API key is of, if it is there. */
    static Optional<JsonNode> suppression(Api api, String key, String address) {
        JsonNode list = api.get("/v1/suppressions", key).json().get("data");
        return StreamSupport.stream(list.spliterator(), false)
                .filter(s -> s.get("email").asText().equalsIgnoreCase(address))
                .findFirst();
    }

    /** The address's entry on the account's suppression list, once it is there. */
    static JsonNode awaitSuppression(Api api, String key, String address) {
        JsonNode[] entry = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20))
                .alias(address + " on the suppression list")
                .until(() -> (entry[0] = suppression(api, key, address).orElse(null)) != null);
        return entry[0];
    }

    /** Subscribes a receiver path to these event types. */
    static void webhook(Api api, Sender sender, WebhookReceiver receiver, String path, String... events) {
        webhook(api, sender.key(), receiver, path, events);
    }

    /** Subscribes a receiver path to these event types, for the account this API key is of. */
    static void webhook(Api api, String key, WebhookReceiver receiver, String path, String... events) {
        Api.Reply reply =
                api.post("/v1/webhooks", key, Api.json(Map.of("url", receiver.url(path), "events", List.of(events))));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    /** The {@code data} of the one webhook of this type the path got for the email, once it came. */
    static JsonNode awaitWebhook(WebhookReceiver receiver, String path, String type, String emailId) {
        JsonNode[] data = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<JsonNode> matching = receiver.received(path).stream()
                    .map(request -> Api.parse(request.body()))
                    .filter(body -> body.get("type").asText().equals(type))
                    .filter(body -> body.get("data").get("emailId").asText().equals(emailId))
                    .toList();
            assertThat(matching).hasSize(1);
            data[0] = matching.get(0).get("data");
        });
        return data[0];
    }
}
