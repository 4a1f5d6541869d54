package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postject.service.app.Api.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the HTTP edge itself must hold, whatever the resources do: every error in the JSON format
 * (Jetty's own included), security headers, and an admin port that only this host can reach.
 */
class HttpEdgeTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static void assertJsonError(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/json");
        assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.json().path("error").path("message").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("<html", "Jetty", "\tat ");
        assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void aMalformedRequestLine_isAJson400() {
        assertJsonError(RawHttp.once(APP.port(), "THIS IS NOT HTTP\r\n\r\n"), 400, "bad_request");
        assertJsonError(RawHttp.once(APP.port(), "GET /v1/ping HTTP/1.1\r\n\r\n"), 400, "bad_request"); // no Host
    }

    @Test
    void anAmbiguousPath_isAJson400() {
        assertJsonError(RawHttp.once(APP.port(), RawHttp.get("/v1/a%2Fb")), 400, "bad_request");
    }

    @Test
    void aUriTooLong_isAJson414() {
        Reply reply = RawHttp.once(APP.port(), RawHttp.get("/v1/ping?q=" + "a".repeat(20_000)));

        assertJsonError(reply, 414, "uri_too_long");
    }

    @Test
    void headersTooLarge_areAJson431() {
        Reply reply = RawHttp.once(APP.port(), RawHttp.get("/v1/ping", "X-Padding: " + "a".repeat(20_000)));

        assertJsonError(reply, 431, "request_header_fields_too_large");
    }

    /**
     * A request refused before its body is read (no credentials here) leaves the connection open
     * for the next one, even when the body arrives after the refusal was decided: a keep-alive
     * client (every HTTP library's pool) sends its next request on it.
     */
    @Test
    void aRefusalBeforeTheBodyIsRead_keepsTheConnectionForTheNextRequest() {
        String body = "{\"from\":\"a@example.com\",\"to\":\"b@example.com\",\"subject\":\"x\",\"text\":\"y\"}";
        String head = "POST /v1/emails HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n";
        try (RawHttp http = new RawHttp(APP.port())) {
            assertJsonError(http.sendBodyLate(head, body, Duration.ofMillis(300)), 401, "unauthorized");

            assertThat(http.send(RawHttp.get("/v1/ping")).status()).isEqualTo(200);
        }
    }

    @Test
    void theAdminPortsOwnErrors_areJsonToo() {
        assertJsonError(RawHttp.once(APP.adminPort(), RawHttp.get("/no-such-page")), 404, "not_found");
        assertJsonError(RawHttp.once(APP.adminPort(), "THIS IS NOT HTTP\r\n\r\n"), 400, "bad_request");
    }

    @Test
    void apiAnswers_carryNosniff() {
        assertThat(APP.api().get("/v1/ping", null).header("X-Content-Type-Options"))
                .isEqualTo("nosniff");
        assertJsonError(APP.api().get("/v1/account", null), 401, "unauthorized");
    }

    @Test
    void htmlPages_carryAStrictContentSecurityPolicy() {
        for (String page : List.of("/", "/v1/sandbox/confirm?token=unknown")) {
            Reply reply = APP.api().get(page, null);

            assertThat(reply.header("Content-Type")).as(page).startsWith("text/html");
            assertThat(reply.header("Content-Security-Policy"))
                    .as(page)
                    .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(reply.header("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
            assertThat(reply.header("Referrer-Policy")).as(page).isEqualTo("no-referrer");
        }
    }

    @Test
    void theAdminPort_answersOnLoopback_only() throws IOException {
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress("127.0.0.1", APP.adminPort()), 2_000);
            assertThat(loopback.isConnected()).isTrue();
        }
        List<InetAddress> others = new ArrayList<>(nonLoopbackAddresses());
        // Linux routes all of 127/8 to lo: a port bound to 127.0.0.1 alone refuses 127.0.0.2, a
        // wildcard one accepts it, so the check runs even on a host whose only interface is loopback.
        others.add(InetAddress.getByName("127.0.0.2"));
        for (InetAddress address : others) {
            assertThatThrownBy(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(address, APP.adminPort()), 2_000);
                        }
                    })
                    .as("admin port on %s", address)
                    .isInstanceOf(IOException.class);
            try (Socket api = new Socket()) {
                api.connect(new InetSocketAddress(address, APP.port()), 2_000);
                assertThat(api.isConnected())
                        .as("the API itself is on %s", address)
                        .isTrue();
            }
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(HttpEdgeTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
