package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server token's allowed networks over HTTP: strict CIDR, and never another account's network. */
class ServerTokenNetworksTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static final AtomicInteger USERS = new AtomicInteger();

    private static Session newAccount() {
        return APP.api().signUp("networks" + USERS.incrementAndGet() + "@example.com");
    }

    private static Api api() {
        return APP.api();
    }

    @Test
    void allowedNetworks_areCheckedStrictly_andARefusalNamesTheEntry() {
        Session session = newAccount();
        Map<String, String> refused = Map.of(
                "[\"10.1.2.3/8\"]", "allowedNetworks[0]: '10.1.2.3/8' has host bits set: the network is 10.0.0.0/8",
                "[\"192.0.2.0/24\",\"192.0.2.7\"]", "allowedNetworks[1]: '192.0.2.7' has no prefix length",
                "[\"010.0.0.0/8\"]", "allowedNetworks[0]: '010.0.0.0/8' is not a network",
                "[\"10.0.0.0/7\"]", "allowedNetworks[0]: '10.0.0.0/7' is wider than a /8 (IPv4)",
                "[\"2001:db8::/31\"]", "allowedNetworks[0]: '2001:db8::/31' is wider than a /32 (IPv6)",
                "[\"2001:db8::1/64\"]", "the network is 2001:db8::/64",
                "[\"::ffff:10.0.0.0/104\"]", "write it as IPv4",
                "[\"fe80::%eth0/64\"]", "allowedNetworks[0]: 'fe80::%eth0/64' is not a network",
                "[\"10.0.0.0/8\",\"10.0.0.0/8\"]", "allowedNetworks[1]: '10.0.0.0/8' is listed twice",
                "[\"example.com/24\"]", "is not a network");
        refused.forEach((networks, message) -> {
            Reply reply = api().post("/v1/server-tokens", session.token(), "{\"allowedNetworks\":" + networks + "}");
            assertThat(reply.status()).as(networks).isEqualTo(422);
            assertThat(reply.errorCode()).as(networks).isEqualTo("invalid_network");
            assertThat(reply.json().get("error").get("field").asText()).isEqualTo("allowedNetworks");
            assertThat(reply.json().get("error").get("message").asText())
                    .as(networks)
                    .contains(message);
        });
        Reply tooLong = api().post(
                        "/v1/server-tokens", session.token(), "{\"allowedNetworks\":[\"" + "1".repeat(5000) + "/8\"]}");
        assertThat(tooLong.errorCode()).isEqualTo("invalid_network");
        assertThat(tooLong.body()).as("not echoed").hasSizeLessThan(300);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            tooMany.add("10." + i + ".0.0/16");
        }
        for (String body : List.of(
                "{\"allowedNetworks\":" + Api.json(tooMany) + "}",
                "{\"allowedNetworks\":[7]}",
                "{\"allowedNetworks\":\"10.0.0.0/8\"}")) {
            Reply reply = api().post("/v1/server-tokens", session.token(), body);
            assertThat(reply.status()).as(body).isEqualTo(422);
            assertThat(reply.json().get("error").get("field").asText()).as(body).startsWith("allowedNetworks");
        }
        assertThat(api().get("/v1/server-tokens", session.token()).json().get("data"))
                .isEmpty();
        assertThat(api().createServerToken(
                                session.token(), "{\"allowedNetworks\":[\"10.0.0.0/8\",\"2001:db8:ffff::/48\"]}")
                        .get("allowedNetworks"))
                .hasSize(2);
    }

    @Test
    void aNetworkThatOverlapsOneAnotherAccountAllows_isRefused_butAnAccountMayOverlapItsOwn() {
        Session first = newAccount();
        Session second = newAccount();
        api().createServerToken(first.token(), "{\"allowedNetworks\":[\"198.51.100.0/24\"]}");

        Reply inside = api().post("/v1/server-tokens", second.token(), "{\"allowedNetworks\":[\"198.51.100.7/32\"]}");
        Reply around = api().post("/v1/server-tokens", second.token(), "{\"allowedNetworks\":[\"198.0.0.0/8\"]}");

        for (Reply reply : List.of(inside, around)) {
            assertThat(reply.status()).isEqualTo(409);
            assertThat(reply.errorCode()).isEqualTo("network_in_use");
        }
        assertThat(inside.json().get("error").get("network").asText()).isEqualTo("198.51.100.7/32");
        assertThat(api().post("/v1/server-tokens", second.token(), "{\"allowedNetworks\":[\"198.51.101.0/24\"]}")
                        .status())
                .isEqualTo(201);
        assertThat(api().post("/v1/server-tokens", first.token(), "{\"allowedNetworks\":[\"198.51.100.7/32\"]}")
                        .status())
                .as("its own network, more specific")
                .isEqualTo(201);
    }
}
