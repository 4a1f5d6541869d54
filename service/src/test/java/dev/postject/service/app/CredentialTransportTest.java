package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credentials travel only in one {@code Authorization: Bearer} header, and are compared byte for
 * byte, also on a keep-alive connection whose earlier requests carried them.
 */
class CredentialTransportTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static String key;

    @BeforeAll
    static void anAccountWithAKey() {
        Api.Session session = APP.api().signUp("transport@example.com");
        key = APP.api().createKey(session.token(), "{}").get("key").asText();
    }

    private static void assertRefused(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/json");
        assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.json().path("error").path("message").asText()).isNotBlank();
        if (status == 401) {
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"postject\"");
        }
    }

    @Test
    void aKeyInTheQueryString_isRefused_evenBesideAValidHeader() {
        assertRefused(APP.api().get("/v1/account?access_token=" + key, null), 400, "credentials_in_url");
        assertRefused(APP.api().get("/v1/account?access_token=" + key, key), 400, "credentials_in_url");

        assertThat(APP.api().get("/v1/account", key).status()).isEqualTo(200);
    }

    @Test
    void aDashboardTokenInTheQueryString_isRefused() {
        String token = APP.api().logIn("transport@example.com");

        assertRefused(APP.api().get("/v1/auth/api-keys?access_token=" + token, null), 400, "credentials_in_url");
    }

    @Test
    void theKeyUpperCased_onAReusedConnection_is401() {
        try (RawHttp connection = new RawHttp(APP.port())) {
            Reply first = connection.send(RawHttp.get("/v1/account", "Authorization: Bearer " + key));
            assertThat(first.status()).as(first.toString()).isEqualTo(200);

            Reply second = connection.send(
                    RawHttp.get("/v1/account", "Authorization: BEARER " + key.toUpperCase(Locale.ROOT)));
            assertRefused(second, 401, "unauthorized");

            Reply third = connection.send(RawHttp.get("/v1/account", "Authorization: Bearer " + key));
            assertThat(third.status()).as("the right key still works on it").isEqualTo(200);
        }
        Reply fresh = RawHttp.once(
                APP.port(), RawHttp.get("/v1/account", "Authorization: Bearer " + key.toUpperCase(Locale.ROOT)));
        assertThat(fresh.status()).isEqualTo(401);
    }

    @Test
    void twoAuthorizationHeaders_orLooseSyntax_are401() {
        for (List<String> headers : List.of(
                List.of("Authorization: Bearer " + key, "Authorization: Bearer " + key),
                List.of("Authorization: Bearer  " + key),
                List.of("Authorization: Bearer\t" + key),
                List.of("Authorization: Basic " + key),
                List.of("Authorization: " + key))) {
            Reply reply = RawHttp.once(APP.port(), RawHttp.get("/v1/account", headers.toArray(String[]::new)));
            assertRefused(reply, 401, "unauthorized");
        }
        Reply anyCaseScheme = RawHttp.once(APP.port(), RawHttp.get("/v1/account", "Authorization: bearer " + key));
        assertThat(anyCaseScheme.status())
                .as("the scheme is case-insensitive (RFC 9110)")
                .isEqualTo(200);
    }
}
