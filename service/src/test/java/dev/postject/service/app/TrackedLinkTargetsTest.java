package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whatever characters a tracked link holds, a click redirects (302) with a {@code Location} that
 * is a valid URI, and a client that follows it reaches what the email pointed to.
 */
class TrackedLinkTargetsTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("http.publicUrl", "https://track.postject.test"));

    private static final Pattern TRACKED = Pattern.compile("https://track\\.postject\\.test(/t/c/[A-Za-z0-9_.-]+)");
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The site the links point to: it keeps the raw request target of every request. */
    private static HttpServer site;

    private static final List<URI> requested = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSite() throws IOException {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        site.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        site.start();
    }

    @AfterAll
    static void stopSite() {
        site.stop(0);
    }

    @Test
    void linksWithCharactersThatAreNotAllowedInAUri_redirectToAValidUri_thatReachesTheSameTarget() throws Exception {
        String origin = "http://127.0.0.1:" + site.getAddress().getPort();
        // the link as written in the HTML -> the path and query the site must receive (decoded)
        Map<String, String> links = new LinkedHashMap<>();
        links.put(origin + "/pipe|and{braces}", "/pipe|and{braces} null");
        links.put(origin + "/q?json={&quot;a&quot;:[1,2]}", "/q json={\"a\":[1,2]}");
        links.put(origin + "/line\u2028separator", "/line\u2028separator null");
        links.put(origin + "/caf\u00e9/\u6771\u4eac?q=\u00fc", "/caf\u00e9/\u6771\u4eac q=\u00fc");
        links.put(origin + "/kept%20as%2Fencoded?x=%26", "/kept as/encoded x=&");
        links.put(origin + "/lone%percent^`caret", "/lone%percent^`caret null");
        links.put(origin + "/a\\b?c=d\\e", "/a/b c=d\\e");
        links.put(origin + "/x?y=1#frag{&quot;}", "/x y=1");
        links.put("http://0x7f.0.0.1:" + site.getAddress().getPort() + "/numeric-host", "/numeric-host null");

        String html = links.keySet().stream()
                .map(link -> "<a href=\"" + link + "\">link</a>")
                .reduce("<p>", String::concat);
        List<String> clicks = trackedLinksOf(send(html));
        assertThat(clicks).hasSize(links.size());

        List<String> expected = new ArrayList<>(links.values());
        for (int i = 0; i < clicks.size(); i++) {
            Reply click = APP.api().get(clicks.get(i), null);
            assertThat(click.status()).as(click.toString()).isEqualTo(302);
            String location = click.header("Location");
            assertThat(location).as(expected.get(i)).matches("[\\x21-\\x7e]+");
            URI target = URI.create(location);
            assertThat(target.getHost()).isEqualTo("127.0.0.1");

            requested.clear();
            HttpResponse<Void> followed =
                    CLIENT.send(HttpRequest.newBuilder(target).GET().build(), HttpResponse.BodyHandlers.discarding());
            assertThat(followed.statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(5)).until(() -> !requested.isEmpty());
            URI received = requested.get(0);
            assertThat(received.getPath() + " " + received.getQuery()).isEqualTo(expected.get(i));
        }
    }

    @Test
    void internationalHostsAndBackslashes_keepTheHostTheBrowserWouldHaveVisited() throws Exception {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("https://B\u00dcCHER.example/b\u00fccher", "https://xn--bcher-kva.example/b%C3%BCcher");
        links.put("https://fa\u00df.example/", "https://xn--fa-hia.example/");
        links.put("https://shop.example\\@evil.example/", "https://shop.example/@evil.example/");
        links.put("https://user:p|w@shop.example:8443", "https://user:p%7Cw@shop.example:8443/");

        String html = links.keySet().stream()
                .map(link -> "<a href=\"" + link + "\">link</a>")
                .reduce("<p>", String::concat);
        List<String> clicks = trackedLinksOf(send(html));
        assertThat(clicks).hasSize(links.size());

        List<String> expected = new ArrayList<>(links.values());
        for (int i = 0; i < clicks.size(); i++) {
            Reply click = APP.api().get(clicks.get(i), null);
            assertThat(click.status()).as(click.toString()).isEqualTo(302);
            assertThat(click.header("Location")).isEqualTo(expected.get(i));
        }
    }

    private static String send(String html) {
        Session session = APP.api().signUp("links" + System.nanoTime() + "@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        String domain = "links" + System.nanoTime() + ".test";
        Mailbox.confirm(APP.api(), SMTP, key, "news@" + domain);
        Mailbox.confirm(APP.api(), SMTP, key, "reader@" + domain);
        Reply reply = APP.api()
                .post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of(
                                "from",
                                "news@" + domain,
                                "to",
                                "reader@" + domain,
                                "subject",
                                "Links",
                                "html",
                                html,
                                "trackClicks",
                                true)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        String id = reply.json().get("id").asText();
        List<ScriptedSmtpServer.Received> mail = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            mail.clear();
            SMTP.receivedFor("reader@" + domain).stream()
                    .filter(r -> new String(r.data(), StandardCharsets.ISO_8859_1).contains(id))
                    .forEach(mail::add);
            return !mail.isEmpty();
        });
        try {
            Object content = mail.get(0).parse().getContent();
            return content instanceof MimeMultipart multipart
                    ? (String) multipart.getBodyPart(0).getContent()
                    : (String) content;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> trackedLinksOf(String html) {
        List<String> paths = new ArrayList<>();
        Matcher m = TRACKED.matcher(html);
        while (m.find()) {
            paths.add(m.group(1));
        }
        return paths;
    }
}
