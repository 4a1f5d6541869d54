package dev.postject.service.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
    private static final String KEY = "pt_live_0123456789abcdefghijABCDEFGHIJxyz123";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJl";

    @Test
    void credentialLikeParameters_loseTheirValue_andKeepTheirName() {
        assertThat(Redaction.query("access_token=abc&limit=5")).isEqualTo("access_token=REDACTED&limit=5");
        assertThat(Redaction.query("token=abc&Api-Key=1&client_secret=2&password=3&sig=4&signature=5"))
                .isEqualTo("token=REDACTED&Api-Key=REDACTED&client_secret=REDACTED&password=REDACTED&sig=4"
                        + "&signature=REDACTED");
        assertThat(Redaction.query("access%5Ftoken=abc"))
                .as("percent-encoded name")
                .isEqualTo("access%5Ftoken=REDACTED");
    }

    @Test
    void credentialShapedValues_areRedacted_underAnyName_orNone() {
        assertThat(Redaction.query("q=" + KEY)).isEqualTo("q=REDACTED");
        assertThat(Redaction.query("q=" + JWT + "&after=x")).isEqualTo("q=REDACTED&after=x");
        assertThat(Redaction.query("a=1&" + KEY)).isEqualTo("a=1&REDACTED");
        assertThat(Redaction.query("q=pt%5Flive%5Fabc")).isEqualTo("q=REDACTED");
    }

    @Test
    void serverTokens_areRedacted_inQueriesAndPaths_likeApiKeys() {
        String token = "pt_srv_0123456789abcdefghijABCDEFGHIJxyz123";

        assertThat(Redaction.query("q=" + token + "&limit=5")).isEqualTo("q=REDACTED&limit=5");
        assertThat(Redaction.query("q=pt%5Fsrv%5Fabc")).isEqualTo("q=REDACTED");
        assertThat(Redaction.path("/v1/server-tokens/" + token, null)).isEqualTo("/v1/server-tokens/REDACTED");
    }

    @Test
    void ordinaryQueries_andPaths_areLeftAlone() {
        assertThat(Redaction.query("limit=20&after=cursor_1&status=pending"))
                .isEqualTo("limit=20&after=cursor_1&status=pending");
        assertThat(Redaction.query(null)).isNull();
        assertThat(Redaction.path("/v1/emails/msg_123", "/v1/emails/msg_123")).isEqualTo("/v1/emails/msg_123");
    }

    @Test
    void trackingPaths_keepTheirKind_andLoseTheirToken() {
        assertThat(Redaction.path("/t/o/abc.def", "/t/o/abc.def")).isEqualTo("/t/o/REDACTED");
        assertThat(Redaction.path("/t/c/abc/more", "/t/c/abc/more")).isEqualTo("/t/c/REDACTED");
        assertThat(Redaction.path("/t/abc", "/t/abc")).isEqualTo("/t/REDACTED");
        assertThat(Redaction.path("/%74/c/abc", "/t/c/abc"))
                .as("judged as routed")
                .isEqualTo("/t/c/REDACTED");
        assertThat(Redaction.path("/t/c/%61bc", null)).isEqualTo("/t/c/REDACTED");
    }

    @Test
    void credentialShapedPathSegments_areRedacted() {
        assertThat(Redaction.path("/v1/" + KEY + "/x", null)).isEqualTo("/v1/REDACTED/x");
    }

    @Test
    void urls_inHeaders_areRedactedPartByPart() {
        assertThat(Redaction.header("Referer", "https://postject.example/v1/sandbox/confirm?token=abc#x"))
                .isEqualTo("https://postject.example/v1/sandbox/confirm?token=REDACTED#x");
        assertThat(Redaction.header("Location", "https://shop.example/reset?user=1&token=abc"))
                .isEqualTo("https://shop.example/reset?user=1&token=REDACTED");
        assertThat(Redaction.header("Location", "https://app.example/cb#access_token=abc"))
                .isEqualTo("https://app.example/cb#access_token=REDACTED");
        assertThat(Redaction.header("Referer", "https://postject.example/t/c/abc"))
                .isEqualTo("https://postject.example/t/c/REDACTED");
        assertThat(Redaction.header("Referer", "https://example.com")).isEqualTo("https://example.com");
    }

    @Test
    void credentialHeaders_loseTheirValue() {
        assertThat(Redaction.header("Authorization", "Bearer " + KEY)).isEqualTo("REDACTED");
        assertThat(Redaction.header("Cookie", "session=1")).isEqualTo("REDACTED");
        assertThat(Redaction.header("X-Api-Key", "abc")).isEqualTo("REDACTED");
        assertThat(Redaction.header("X-Anything", "Bearer " + JWT)).isEqualTo("REDACTED");
        assertThat(Redaction.header("User-Agent", "curl/8.5")).isEqualTo("curl/8.5");
    }
}
