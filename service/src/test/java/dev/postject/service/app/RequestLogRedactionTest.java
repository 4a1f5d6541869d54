package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request log never holds a credential or a single-use token: the app runs with its request
 * log written to a file, in a format that prints everything a request log can (request line,
 * query parameters, the Authorization, Referer and Location headers), and the file is read back.
 */
class RequestLogRedactionTest {
    private static final Path LOG = tempFile();

    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase(
            ConfigOverride.config("server.requestLog.appenders[0].type", "file"),
            ConfigOverride.config("server.requestLog.appenders[0].threshold", "ALL"),
            ConfigOverride.config("server.requestLog.appenders[0].archive", "false"),
            ConfigOverride.config("server.requestLog.appenders[0].currentLogFilename", LOG.toString()),
            ConfigOverride.config(
                    "server.requestLog.appenders[0].logFormat",
                    "%h \"%r\" %s \"%i{Referer}\" \"%i{User-Agent}\" auth=\"%i{Authorization}\""
                            + " at=%reqParameter{access_token} t=%reqParameter{token} uri=%U%q"
                            + " location=\"%responseHeader{Location}\" end"));

    private static String log() {
        try {
            return Files.readString(LOG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitLogged(String... fragments) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(log()).contains(fragments));
    }

    @Test
    void credentialsInTheQueryOrHeaders_areRedacted() {
        Api.Session session = APP.api().signUp("logged@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();

        APP.api().get("/v1/account?access_token=" + key + "&marker=query-key", null);
        APP.api().get("/v1/account?access_token=" + session.token() + "&marker=query-jwt", null);
        APP.api().get("/v1/account?marker=header-key", key);
        APP.api().get("/v1/ping?api_key=k3yv4lue&client_secret=s3cr3tv4lue&limit=5&marker=named", null);
        APP.api().get("/v1/ping?marker=bare&" + key, null);

        awaitLogged("marker=query-key", "marker=query-jwt", "marker=header-key", "marker=named", "marker=bare");
        assertThat(log())
                .doesNotContain(key, session.token(), "k3yv4lue", "s3cr3tv4lue")
                .contains("access_token=REDACTED", "api_key=REDACTED", "client_secret=REDACTED", "limit=5")
                .contains("at=REDACTED", "auth=\"REDACTED\"");
    }

    @Test
    void singleUseTokens_inSandboxLinksAndTrackingPaths_areRedacted() {
        String confirmation = "Cnf1rmT0kenThatMustNeverBeLogged0123456789";
        String open = "0pnT0kenThatMustNeverBeLogged";
        String click = "C1kT0kenThatMustNeverBeLogged";

        APP.api().get("/v1/sandbox/confirm?token=" + confirmation, null);
        APP.api().get("/t/o/" + open, null);
        APP.api().get("/t/c/" + click + "?u=1", null);
        APP.api().get("/t/c/%43" + click.substring(1), null); // the same path, percent-encoded
        APP.api()
                .send(APP.api()
                        .request("/v1/ping?marker=referer", null)
                        .header("Referer", "http://127.0.0.1/v1/sandbox/confirm?token=" + confirmation));

        awaitLogged("/t/o/REDACTED", "/t/c/REDACTED", "marker=referer");
        List<String> lines = log().lines().toList();
        assertThat(lines)
                .noneMatch(line -> line.contains(confirmation) || line.contains(open))
                .noneMatch(line -> line.contains(click) || line.contains(click.substring(1)));
        assertThat(log()).contains("token=REDACTED", "t=REDACTED");
    }

    @Test
    void ordinaryRequests_areLoggedAsTheyWere() {
        APP.api().get("/v1/ping?limit=20&after=cursor_123&marker=plain", null);

        awaitLogged("\"GET /v1/ping?limit=20&after=cursor_123&marker=plain HTTP/1.1\" 200");
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("postject-requests", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
