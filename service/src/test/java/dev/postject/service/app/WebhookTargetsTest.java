package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With the product's defaults, webhooks may only go to public addresses: no SSRF. */
class WebhookTargetsTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    @Test
    void loopbackPrivateLinkLocalAndMetadataTargets_areRefused() {
        Session session = APP.api().signUp("ssrf@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        for (String url : List.of(
                "http://127.0.0.1:8081/tasks/replay-projection",
                "http://localhost/hook",
                "http://10.1.2.3/hook",
                "http://172.16.0.9/hook",
                "http://192.168.1.1/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]/hook",
                "http://[fd00:ec2::254]/latest/meta-data/",
                "http://0.0.0.0/hook",
                "http://100.64.0.1/hook",
                "https://user:password@93.184.216.34/hook",
                "file:///etc/passwd",
                "gopher://93.184.216.34/")) {
            Reply reply = APP.api()
                    .post("/v1/webhooks", key, Api.json(Map.of("url", url, "events", List.of("email.delivered"))));
            assertThat(reply.status()).as(url).isEqualTo(422);
            assertThat(reply.errorCode()).as(url).isEqualTo("invalid_url");
        }
        assertThat(APP.api().get("/v1/webhooks", key).json().get("data")).isEmpty();

        Reply publicTarget = APP.api()
                .post(
                        "/v1/webhooks",
                        key,
                        Api.json(Map.of("url", "https://93.184.216.34/hook", "events", List.of("email.delivered"))));
        assertThat(publicTarget.status()).as(publicTarget.toString()).isEqualTo(201);
    }
}
