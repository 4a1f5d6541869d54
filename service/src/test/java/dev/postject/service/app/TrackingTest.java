package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Open and click tracking through real SMTP and HTTP: the pixel and rewritten links in the HTML
 * part only, each recipient's own tokens, the redirect, the recorded events and their webhooks,
 * and forged or altered tokens refused.
 */
class TrackingTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("webhooks.allowPrivate", "true"),
            ConfigOverride.config("http.publicUrl", "https://track.postject.test"));

    private static final Pattern TRACKED = Pattern.compile("https://track\\.postject\\.test(/t/[oc]/[A-Za-z0-9_.-]+)");
    private static final String HTML =
            "<html><body><p>Hi!</p><a href=\"https://shop.example/offer?a=1&amp;b=2\">Offer</a>"
                    + " <A HREF='http://shop.example/other'>Other</A> <a href=\"mailto:x@shop.example\">Mail</a></body></html>";
    private static final String TEXT = "Offer: https://shop.example/offer?a=1&b=2";

    private static Api api() {
        return APP.api();
    }

    @Test
    void accountDefaults_turnTrackingOn_andOpensAndClicksAreRecordedAndPushed() throws Exception {
        Session session = api().signUp("tracking@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        Mailbox.confirm(api(), SMTP, key, "news@track.test");
        Mailbox.confirm(api(), SMTP, key, "ann@track.test");
        Mailbox.confirm(api(), SMTP, key, "bob@track.test");
        assertThat(api().get("/v1/account", key).json().get("defaults"))
                .isEqualTo(Api.parse("{\"trackOpens\":false,\"trackClicks\":false}"));
        JsonNode patched = patch(key, "{\"defaults\":{\"trackOpens\":true,\"trackClicks\":true}}");
        assertThat(patched.get("defaults")).isEqualTo(Api.parse("{\"trackOpens\":true,\"trackClicks\":true}"));
        assertThat(api().post(
                                "/v1/webhooks",
                                key,
                                Api.json(Map.of(
                                        "url",
                                        RECEIVER.url("/engagement"),
                                        "events",
                                        List.of("email.opened", "email.clicked"))))
                        .status())
                .isEqualTo(201);

        String id = send(key, List.of("ann@track.test", "bob@track.test"), Map.of());
        String ann = html(awaitMail(id, "ann@track.test"));
        String bob = html(awaitMail(id, "bob@track.test"));

        List<String> annLinks = tracked(ann);
        assertThat(annLinks).hasSize(3); // two links and the pixel; mailto: is left alone
        assertThat(annLinks.get(0)).startsWith("/t/c/");
        assertThat(annLinks.get(2)).startsWith("/t/o/");
        assertThat(ann).contains("mailto:x@shop.example").doesNotContain("https://shop.example");
        assertThat(tracked(bob)).doesNotContainAnyElementsOf(annLinks); // each recipient's own tokens
        assertThat(text(awaitMail(id, "ann@track.test"))).isEqualTo(TEXT); // the text part is left alone

        Reply click = api().get(annLinks.get(0), null);
        assertThat(click.status()).isEqualTo(302);
        assertThat(click.header("Location")).isEqualTo("https://shop.example/offer?a=1&b=2");
        Reply pixel = api().get(annLinks.get(2), null);
        assertThat(pixel.status()).isEqualTo(200);
        assertThat(pixel.header("Content-Type")).isEqualTo("image/gif");
        assertThat(api().get(annLinks.get(2), null).status()).isEqualTo(200); // a reload: one open
        assertThat(api().get(tracked(bob).get(1), null).header("Location")).isEqualTo("http://shop.example/other");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> steps = new ArrayList<>();
            api().get("/v1/emails/" + id, key)
                    .json()
                    .get("events")
                    .forEach(e -> steps.add(
                            e.get("type").asText() + " " + e.get("recipient").asText() + " "
                                    + e.get("detail").asText()));
            assertThat(steps)
                    .contains(
                            "clicked ann@track.test https://shop.example/offer?a=1&b=2",
                            "clicked bob@track.test http://shop.example/other")
                    .filteredOn(s -> s.startsWith("opened"))
                    .hasSize(1)
                    .allMatch(s -> s.startsWith("opened ann@track.test"));
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.received("/engagement").size() == 3);
        Map<String, JsonNode> pushed = new HashMap<>();
        RECEIVER.received("/engagement").forEach(r -> {
            JsonNode body = Api.parse(r.body());
            pushed.put(
                    body.get("type").asText() + " "
                            + body.get("data").get("recipient").asText(),
                    body.get("data"));
        });
        assertThat(pushed.get("email.clicked ann@track.test").get("url").asText())
                .isEqualTo("https://shop.example/offer?a=1&b=2");
        assertThat(pushed.get("email.opened ann@track.test").get("emailId").asText())
                .isEqualTo(id);
    }

    @Test
    void forgedOrAlteredTokens_get404_andNeverRedirect() throws Exception {
        Session session = api().signUp("forger@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        Mailbox.confirm(api(), SMTP, key, "news@forge.test");
        Mailbox.confirm(api(), SMTP, key, "eve@forge.test");
        String id = send(key, List.of("eve@forge.test"), Map.of("trackClicks", true));
        String link = tracked(html(awaitMail(id, "eve@forge.test"))).get(0);
        String token = link.substring("/t/c/".length());
        String payload = new String(
                Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        String evil = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.replace("https://shop.example/offer?a=1&b=2", "https://evil.example/")
                                .getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        String flipped = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

        for (String forged :
                List.of("/t/c/" + evil, "/t/c/" + flipped, "/t/c/nonsense", "/t/c/a.b", "/t/o/" + token, "/t/o/x.y")) {
            Reply reply = api().get(forged, null);
            assertThat(reply.status()).as(forged).isEqualTo(404);
            assertThat(reply.header("Location")).isNull();
            assertThat(reply.errorCode()).isEqualTo("not_found");
        }
        assertThat(api().get(link, null).status()).isEqualTo(302);
    }

    @Test
    void untrackedEmails_areSentAsWritten() throws Exception {
        Session session = api().signUp("plain@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        Mailbox.confirm(api(), SMTP, key, "news@plain.test");
        Mailbox.confirm(api(), SMTP, key, "cy@plain.test");
        patch(key, "{\"defaults\":{\"trackOpens\":true}}");

        String id = send(key, List.of("cy@plain.test"), Map.of("trackOpens", false));

        assertThat(html(awaitMail(id, "cy@plain.test"))).isEqualTo(HTML);
        assertThat(api().get("/v1/account", key).json().get("defaults"))
                .isEqualTo(Api.parse("{\"trackOpens\":true,\"trackClicks\":false}"));
        assertThat(api().send(api().request("/v1/account", key)
                                .header("Content-Type", "application/json")
                                .method(
                                        "PATCH",
                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                "{\"defaults\":{\"trackOpens\":\"yes\"}}")))
                        .status())
                .isEqualTo(422);
    }

    private static JsonNode patch(String key, String body) {
        Reply reply = api().send(api().request("/v1/account", key)
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static String send(String key, List<String> to, Map<String, Object> flags) {
        String from = "news@" + to.get(0).substring(to.get(0).indexOf('@') + 1);
        Map<String, Object> body =
                new HashMap<>(Map.of("from", from, "to", to, "subject", "Tracked", "text", TEXT, "html", HTML));
        body.putAll(flags);
        Reply reply = api().post("/v1/emails", key, Api.json(body));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().get("id").asText();
    }

    private static ScriptedSmtpServer.Received awaitMail(String emailId, String recipient) {
        List<ScriptedSmtpServer.Received> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            found.clear();
            SMTP.receivedFor(recipient).stream()
                    .filter(r -> new String(r.data(), StandardCharsets.ISO_8859_1).contains(emailId))
                    .forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static String html(ScriptedSmtpServer.Received received) throws Exception {
        MimeMultipart alternative = (MimeMultipart) received.parse().getContent();
        return (String) alternative.getBodyPart(1).getContent();
    }

    private static String text(ScriptedSmtpServer.Received received) throws Exception {
        MimeMultipart alternative = (MimeMultipart) received.parse().getContent();
        return (String) alternative.getBodyPart(0).getContent();
    }

    private static List<String> tracked(String html) {
        List<String> paths = new ArrayList<>();
        Matcher m = TRACKED.matcher(html);
        while (m.find()) {
            paths.add(m.group(1));
        }
        return paths;
    }
}
