package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the product's defaults, webhooks may only go to globally reachable addresses that are not
 * the host's own: no SSRF. Names are resolved with the configured DNS servers (here a real one on
 * loopback), every address they resolve to is judged, at save time and again before each send.
 */
class WebhookTargetsTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final TestDns DNS = new TestDns();

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("dns.servers", () -> "127.0.0.1:" + DNS.port()));

    private static final AtomicInteger N = new AtomicInteger();

    private static String key() {
        Session session = APP.api().signUp("ssrf" + N.incrementAndGet() + "@example.com");
        return APP.api().createKey(session.token(), "{}").get("key").asText();
    }

    private static Reply create(String key, String url, String... events) {
        return APP.api().post("/v1/webhooks", key, Api.json(Map.of("url", url, "events", List.of(events))));
    }

    private static void assertRefused(String key, List<String> urls) {
        for (String url : urls) {
            Reply reply = create(key, url, "email.delivered");
            assertThat(reply.status()).as(url + " -> " + reply).isEqualTo(422);
            assertThat(reply.errorCode()).as(url).isEqualTo("invalid_url");
        }
        assertThat(APP.api().get("/v1/webhooks", key).json().get("data")).isEmpty();
    }

    @Test
    void loopbackPrivateLinkLocalAndMetadataTargets_areRefused() {
        String key = key();
        assertRefused(
                key,
                List.of(
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
                        "gopher://93.184.216.34/"));

        Reply publicTarget = create(key, "https://93.184.216.34/hook", "email.delivered");
        assertThat(publicTarget.status()).as(publicTarget.toString()).isEqualTo(201);
    }

    @Test
    void documentationBenchmarkingMulticastReservedAndIpv4EmbeddingTargets_areRefused() {
        assertRefused(
                key(),
                List.of(
                        "http://192.0.2.10/hook",
                        "http://198.51.100.7/hook",
                        "http://203.0.113.99/hook",
                        "http://198.18.0.1/hook",
                        "http://198.19.255.254/hook",
                        "http://224.0.0.251/hook",
                        "http://239.255.255.250/hook",
                        "http://240.0.0.1/hook",
                        "http://255.255.255.255/hook",
                        "http://0.1.2.3/hook",
                        "http://192.0.0.170/hook",
                        "http://192.88.99.1/hook",
                        "http://[::]/hook",
                        "http://[2001:db8::1]/hook",
                        "http://[2001:2::1]/hook",
                        "http://[ff02::1]/hook",
                        "http://[100::1]/hook",
                        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", // NAT64 of 169.254.169.254
                        "http://[64:ff9b:1::7f00:1]/hook",
                        "http://[2002:7f00:1::]/hook", // 6to4 of 127.0.0.1
                        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook", // Teredo of 127.0.0.1
                        "http://[::ffff:127.0.0.1]/hook",
                        "http://[::ffff:93.184.216.34]/hook",
                        "http://[::127.0.0.1]/hook",
                        "http://[::93.184.216.34]/hook",
                        "http://[fe80::1%25eth0]/hook",
                        "http://0177.0.0.1/hook"));
    }

    @Test
    void everyAddressOfTheHostPostjectRunsOn_isRefused() throws Exception {
        List<String> urls = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                String literal = address.getHostAddress().replaceAll("%.*", "");
                urls.add(
                        address instanceof Inet6Address
                                ? "http://[" + literal + "]/hook"
                                : "http://" + literal + "/hook");
            }
        }
        assertThat(urls).isNotEmpty();
        assertRefused(key(), urls);
    }

    @Test
    void aRefusedPrivateTarget_saysHowToAllowPrivateTargetsForLocalDevelopment() {
        Reply reply = create(key(), "http://127.0.0.1:3000/hook", "email.delivered");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("error").get("field").asText()).isEqualTo("url");
        assertThat(reply.json().get("error").get("message").asText())
                .contains("127.0.0.1", "POSTJECT_WEBHOOKS_ALLOW_PRIVATE=true", "local development");
    }

    @Test
    void aName_isJudgedByEveryAddressTheConfiguredDnsServersGiveIt() {
        String key = key();
        DNS.addresses("mixed.hooks.test", "93.184.216.34", "10.0.0.7");
        DNS.addresses("mapped.hooks.test", "2606:4700:4700::1111", "::ffff:127.0.0.1");
        DNS.addresses("own.hooks.test", "93.184.216.34", "192.0.2.2");
        Reply mixed = create(key, "https://mixed.hooks.test/hook", "email.delivered");
        assertThat(mixed.status()).as(mixed.toString()).isEqualTo(422);
        assertThat(mixed.body()).contains("10.0.0.7");
        Reply mapped = create(key, "https://mapped.hooks.test/hook", "email.delivered");
        assertThat(mapped.status()).as(mapped.toString()).isEqualTo(422);
        assertThat(mapped.body()).contains("::ffff:127.0.0.1");
        assertThat(create(key, "https://own.hooks.test/hook", "email.delivered").status())
                .isEqualTo(422);
        Reply unknown = create(key, "https://nowhere.hooks.test/hook", "email.delivered");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("does not resolve");

        DNS.addresses("public.hooks.test", "93.184.216.34", "2606:4700:4700::1111");
        Reply ok = create(key, "https://public.hooks.test/hook", "email.delivered");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    }

    @Test
    void aNameThatResolvesToLoopbackBySendTime_isNotSentTo() {
        String key = key();
        String from = "from" + N.incrementAndGet() + "@hooks.test";
        Mailbox.confirm(APP.api(), SMTP, key, from);
        DNS.addresses("rebind.hooks.test", "93.184.216.34");
        Reply created = create(key, "http://rebind.hooks.test:" + RECEIVER.port() + "/rebind", "email.queued");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String deliveries = "/v1/webhooks/" + created.json().get("id").asText() + "/deliveries";

        DNS.addresses("rebind.hooks.test", "127.0.0.1"); // where the receiver listens
        Reply sent = APP.api()
                .post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of("from", from, "to", from, "subject", "s", "text", "rebinding")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode attempts =
                    APP.api().get(deliveries, key).json().get("data").get(0).get("attempts");
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).get("error").asText()).contains("Not sent", "127.0.0.1");
        });
        assertThat(RECEIVER.received("/rebind")).isEmpty();
    }
}
