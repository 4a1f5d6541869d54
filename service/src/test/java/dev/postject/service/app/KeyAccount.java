package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sandbox account for the API key permission tests: two domains verified against the test DNS
 * ({@link #DOMAIN} and {@link #OTHER}), a confirmed recipient {@link #TO}, and a full-access key.
 * The keys a test makes through {@link #create} are revoked by {@link #revokeMade} (an account holds
 * at most 10 active keys).
 */
final class KeyAccount {
    static final String DOMAIN = "perm-keys.test";
    static final String OTHER = "perm-other.test";
    static final String TO = "ann@perm-inbox.test";

    final Api api;
    final TestDns dns;
    final Session session;
    final String fullKey;
    final String domainId;
    private final List<String> made = new ArrayList<>();

    private KeyAccount(Api api, TestDns dns, Session session, String fullKey, String domainId) {
        this.api = api;
        this.dns = dns;
        this.session = session;
        this.fullKey = fullKey;
        this.domainId = domainId;
    }

    static KeyAccount open(Api api, ScriptedSmtpServer smtp, TestDns dns, String owner) {
        Session session = api.signUp(owner);
        String fullKey = api.createKey(session.token(), "{}").get("key").asText();
        KeyAccount account = new KeyAccount(api, dns, session, fullKey, null);
        String domainId =
                account.verifiedDomain(session.token(), DOMAIN).get("id").asText();
        account.verifiedDomain(session.token(), OTHER);
        Mailbox.confirm(api, smtp, fullKey, TO);
        return new KeyAccount(api, dns, session, fullKey, domainId);
    }

    /** A domain added and verified against the test DNS by the account of {@code token}; its create answer. */
    JsonNode verifiedDomain(String token, String name) {
        JsonNode added =
                api.post("/v1/domains", token, Api.json(Map.of("name", name))).json();
        publish(added);
        Reply verified = api.post("/v1/domains/" + added.get("id").asText() + "/verify", token, "");
        assertThat(verified.json().get("status").asText())
                .as(verified.toString())
                .isEqualTo("verified");
        return added;
    }

    void publish(JsonNode domain) {
        domain.get("records")
                .forEach(r -> dns.publish(r.get("name").asText(), r.get("value").asText()));
    }

    void unpublish(JsonNode domain) {
        domain.get("records").forEach(r -> dns.unpublish(r.get("name").asText()));
    }

    /** A key made with the dashboard token and this body; its create answer. */
    JsonNode create(String body) {
        JsonNode created = api.createKey(session.token(), body);
        made.add(created.get("id").asText());
        return created;
    }

    void revokeMade() {
        made.forEach(id -> api.delete("/v1/auth/api-keys/" + id, session.token()));
        made.clear();
    }

    Reply send(String key, String from) {
        return api.post(
                "/v1/emails", key, Api.json(Map.of("from", from, "to", TO, "subject", "From " + from, "text", "Hi.")));
    }

    /** A batch of one email from each sender, to {@link #TO}. */
    Reply batch(String key, String... senders) {
        List<String> items = new ArrayList<>();
        for (String from : senders) {
            items.add(Api.json(Map.of("from", from, "to", TO, "subject", "Batch", "text", "x")));
        }
        return api.post("/v1/emails/batch", key, "[" + String.join(",", items) + "]");
    }

    /** The refusal in Postject's error JSON, with no stack trace and no key in it. */
    static void refused(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.json().get("error").get("message").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("pt_live_");
    }
}
