package dev.postject.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postject.events.upcasting.ApiKeyCreatedUpcaster;
import dev.postject.events.upcasting.EmailBouncedUpcaster;
import dev.postject.events.upcasting.EmailQueuedUpcaster;
import dev.postject.events.upcasting.RecipientSuppressedUpcaster;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Approval snapshots of every event's stored JSON. A change to an event that alters its JSON fails
 * here: stored events must keep loading, so either keep the JSON, or bump {@code @Revision} and
 * add an upcaster (README: "Adding an event version"). A new event needs a sample below and a
 * snapshot file; a missing snapshot is written to {@code target/snapshots/} for review.
 */
class EventSnapshotTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_4Yb2m9QeXkT1sN7vLp3Hc8Rz");
    private static final ApiKeyId KEY = new ApiKeyId("key_Gq7Wn2Xc5Vb8Mz1Ls4Kd9Pf3");
    private static final DomainId DOMAIN = new DomainId("dom_Lp3Hc8Rz4Yb2m9QeXkT1sN7v");
    private static final WebhookId WEBHOOK = new WebhookId("whk_Xc5Vb8Mz1Ls4Kd9Pf3Gq7Wn2");
    private static final ServerTokenId TOKEN = new ServerTokenId("stk_Nw6Yc1Rb4Vx7Kp2Ld9Tz8Qm3");
    private static final EmailId EMAIL = new EmailId("msg_Vb3Nq8Wm1Xc6Lz4Pk9Jr2Td7");
    private final ObjectMapper json = EventJson.newMapper();

    private static final List<Object> SAMPLES = List.of(
            new AccountOpened(ACCOUNT, "Acme", new UserId("usr_Tz8Qm3Nw6Yc1Rb4Vx7Kp2Ld9"), "ops@acme.test", T),
            new ApiKeyCreated(
                    ACCOUNT,
                    KEY,
                    "production",
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    "pt_live_AbCd...wXyZ",
                    T,
                    T.plusSeconds(86_400),
                    ApiKeyCreated.SENDING_ACCESS,
                    DOMAIN,
                    "acme.test"),
            new ApiKeyRevoked(ACCOUNT, KEY, T),
            new ApiKeyExpired(ACCOUNT, KEY, T),
            new ServerTokenCreated(
                    ACCOUNT,
                    TOKEN,
                    "web servers",
                    "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
                    "pt_srv_Xc5V...Kd9P",
                    T,
                    T.plusSeconds(86_400),
                    List.of("203.0.113.0/24", "2001:db8:7::/48")),
            new ServerTokenRevoked(ACCOUNT, TOKEN, T),
            new ServerTokenExpired(ACCOUNT, TOKEN, T),
            new SandboxEmailAdded(ACCOUNT, "dev@acme.test", T),
            new SandboxConfirmationSent(
                    ACCOUNT,
                    "dev@acme.test",
                    "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                    T,
                    T.plusSeconds(604_800)),
            new SandboxEmailConfirmed(ACCOUNT, "dev@acme.test", T),
            new SandboxEmailRemoved(ACCOUNT, "dev@acme.test", T),
            new RecipientSuppressed(
                    ACCOUNT, "gone@example.org", RecipientSuppressed.HARD_BOUNCE, EMAIL, "hard", "mailbox_unknown", T),
            new SuppressionRemoved(ACCOUNT, "gone@example.org", T),
            new DomainAdded(
                    ACCOUNT,
                    DOMAIN,
                    "acme.test",
                    "Qm3Nw6Yc1Rb4Vx7Kp2Ld9Tz8",
                    "pj1",
                    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
                    T),
            new DomainVerified(ACCOUNT, DOMAIN, "acme.test", T),
            new DomainVerificationLost(ACCOUNT, DOMAIN, "acme.test", "ownership: missing, dkim: pass", T),
            new DomainRemoved(ACCOUNT, DOMAIN, "acme.test", T),
            new SandboxSendSucceeded(ACCOUNT, EMAIL, T),
            new ProductionAccessRequested(ACCOUNT, "Receipts for our shop", "https://acme.test", T),
            new ProductionAccessApproved(ACCOUNT, T),
            new ProductionAccessRejected(ACCOUNT, "Tell us more about where the addresses come from.", T),
            new AccountDefaultsChanged(ACCOUNT, true, false, T),
            new WebhookCreated(ACCOUNT, WEBHOOK, "https://hooks.acme.test/postject", List.of("email.delivered"), T),
            new WebhookUpdated(
                    ACCOUNT,
                    WEBHOOK,
                    "https://hooks.acme.test/v2",
                    List.of("email.delivered", "email.bounced"),
                    false,
                    T),
            new WebhookSecretRotated(ACCOUNT, WEBHOOK, T),
            new WebhookDeleted(ACCOUNT, WEBHOOK, T),
            new WebhookDisabled(ACCOUNT, WEBHOOK, "The endpoint answered 410 Gone.", T),
            new SendingReputationAtRisk(ACCOUNT, SendingReputationAtRisk.COMPLAINT_RATE, 0.004, 0.003, 1000, T),
            new AccountSendingPaused(ACCOUNT, "Complaint rate 0.4% over the last 1,000 sends.", T),
            new AccountSendingResumed(ACCOUNT, T),
            new EmailOpened(EMAIL, ACCOUNT, "ann@example.org", "Mozilla/5.0", T),
            new EmailLinkClicked(EMAIL, ACCOUNT, "ann@example.org", "https://acme.test/offer?id=7", "Mozilla/5.0", T),
            new EmailQueued(
                    EMAIL,
                    ACCOUNT,
                    "Acme <dev@acme.test>",
                    List.of("Ann <ann@example.org>"),
                    List.of("cc@example.org"),
                    List.of("audit@example.org"),
                    List.of("gone@example.org"),
                    "Your receipt",
                    "receipts",
                    Map.of("order", "1042"),
                    "<msg_Vb3Nq8Wm1Xc6Lz4Pk9Jr2Td7@acme.test>",
                    true,
                    false,
                    EmailQueued.SMTP,
                    T),
            new EmailDelivered(EMAIL, ACCOUNT, "ann@example.org", "250 2.0.0 Ok: queued as 4F2A1", T),
            new EmailDeferred(EMAIL, ACCOUNT, "ann@example.org", "451 4.2.0 try later", 1, T.plusSeconds(60), T),
            new EmailBounced(
                    EMAIL,
                    ACCOUNT,
                    "gone@example.org",
                    "hard",
                    "mailbox_unknown",
                    "5.1.1",
                    "550 5.1.1 no such user",
                    true,
                    T),
            new EmailDelayed(EMAIL, ACCOUNT, "ann@example.org", "4.4.1", "connect to mx.example.org: timed out", T),
            new EmailComplained(EMAIL, ACCOUNT, "ann@example.org", "abuse", "Yahoo!-Mail-Feedback/2.0", T),
            new EmailFailed(
                    EMAIL,
                    ACCOUNT,
                    "ann@example.org",
                    "Gave up after 12 attempts; last reply: 451 4.2.0 try later",
                    T));

    @Test
    void everyLedgerEvent_hasASample() {
        List<Class<?>> sampled =
                SAMPLES.stream().<Class<?>>map(Object::getClass).toList();
        List<Class<?>> ledgerEvents = Stream.of(AccountEvent.class, EmailEvent.class)
                .flatMap(family -> Arrays.stream(family.getPermittedSubclasses()))
                .toList();
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(ledgerEvents);
    }

    @TestFactory
    Stream<DynamicTest> everyEvent_matchesItsSnapshot_andLoadsFromIt() {
        return SAMPLES.stream()
                .map(sample -> DynamicTest.dynamicTest(sample.getClass().getSimpleName(), () -> {
                    Class<?> type = sample.getClass();
                    assertThat(type.getAnnotation(Revision.class))
                            .as("@Revision on " + type)
                            .isNotNull();
                    JsonNode actual = json.valueToTree(sample);
                    String name = "snapshots/" + type.getSimpleName() + ".json";
                    try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
                        if (in == null) {
                            Path out = Path.of("target", name);
                            Files.createDirectories(out.getParent());
                            Files.writeString(
                                    out, json.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
                            fail("No snapshot " + name + "; wrote the current JSON to " + out + " for review");
                        }
                        JsonNode expected = json.readTree(in);
                        assertThat(actual).as("JSON of " + type.getSimpleName()).isEqualTo(expected);
                        assertThat(json.treeToValue(expected, type)).isEqualTo(sample);
                    }
                }));
    }

    @Test
    void emailQueuedRevision1_doesNotLoadAsItIs_butUpcastsToAnApiEmailOfRevision2() throws Exception {
        JsonNode v1;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("snapshots/EmailQueued.v1.json")) {
            v1 = json.readTree(in);
        }
        assertThatThrownBy(() -> json.treeToValue(v1, EmailQueued.class)).hasMessageContaining("source");

        EmailQueued upcast = json.treeToValue(EmailQueuedUpcaster.upcast(v1), EmailQueued.class);

        EmailQueued current = (EmailQueued) SAMPLES.stream()
                .filter(EmailQueued.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertThat(upcast.source()).isEqualTo(EmailQueued.API);
        ObjectNode expected = json.valueToTree(current);
        expected.put("source", EmailQueued.API);
        JsonNode actual = json.valueToTree(upcast);
        assertThat(actual).isEqualTo(expected);
        ObjectNode systemMail = v1.deepCopy();
        systemMail.put("system", true);
        assertThat(EmailQueuedUpcaster.upcast(systemMail).get("source").asText())
                .isEqualTo(EmailQueued.SYSTEM);
        assertThat(EmailQueued.class.getAnnotation(Revision.class).value()).isEqualTo("2");
    }

    @Test
    void emailBouncedRevision1_upcastsToAnUndeterminedSynchronousBounce() throws Exception {
        JsonNode v1;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("snapshots/EmailBounced.v1.json")) {
            v1 = json.readTree(in);
        }
        assertThatThrownBy(() -> json.treeToValue(v1, EmailBounced.class)).hasMessageContaining("bounceType");

        EmailBounced upcast = json.treeToValue(EmailBouncedUpcaster.upcast(v1), EmailBounced.class);

        assertThat(upcast.bounceType()).isEqualTo("undetermined");
        assertThat(upcast.subtype()).isEqualTo("other");
        assertThat(upcast.status()).isNull();
        assertThat(upcast.asynchronous()).isFalse();
        assertThat(upcast.response()).isEqualTo("550 5.1.1 no such user");
        assertThat(EmailBounced.class.getAnnotation(Revision.class).value()).isEqualTo("2");
    }

    @Test
    void recipientSuppressedRevision1_upcastsToAHardBounceReason_withAnUndeterminedBounce() throws Exception {
        JsonNode v1;
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream("snapshots/RecipientSuppressed.v1.json")) {
            v1 = json.readTree(in);
        }
        assertThat(v1.get("reason").asText()).isEqualTo("hard_bounce: 550 5.1.1 no such user");

        RecipientSuppressed upcast =
                json.treeToValue(RecipientSuppressedUpcaster.upcast(v1), RecipientSuppressed.class);

        assertThat(upcast)
                .isEqualTo(new RecipientSuppressed(
                        ACCOUNT,
                        "gone@example.org",
                        RecipientSuppressed.HARD_BOUNCE,
                        EMAIL,
                        "undetermined",
                        "other",
                        T));
        ObjectNode other = v1.deepCopy();
        other.put("reason", "manual");
        RecipientSuppressed kept =
                json.treeToValue(RecipientSuppressedUpcaster.upcast(other), RecipientSuppressed.class);
        assertThat(kept.reason()).isEqualTo("manual");
        assertThat(kept.bounceType()).isNull();
        assertThat(kept.subtype()).isNull();
        assertThat(RecipientSuppressed.class.getAnnotation(Revision.class).value())
                .isEqualTo("2");
    }

    @Test
    void apiKeyCreatedRevision1_doesNotLoadAsItIs_butUpcastsToAFullAccessKeyLimitedToNoDomain() throws Exception {
        JsonNode v1;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("snapshots/ApiKeyCreated.v1.json")) {
            v1 = json.readTree(in);
        }
        assertThatThrownBy(() -> json.treeToValue(v1, ApiKeyCreated.class)).hasMessageContaining("permission");

        ApiKeyCreated upcast = json.treeToValue(ApiKeyCreatedUpcaster.upcast(v1), ApiKeyCreated.class);

        assertThat(upcast)
                .isEqualTo(new ApiKeyCreated(
                        ACCOUNT,
                        KEY,
                        "production",
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        "pt_live_AbCd...wXyZ",
                        T,
                        T.plusSeconds(86_400),
                        ApiKeyCreated.FULL_ACCESS,
                        null,
                        null));
        assertThat(ApiKeyCreated.class.getAnnotation(Revision.class).value()).isEqualTo("2");
    }

    @Test
    void revisions_areStartedAtOne() {
        Map<String, String> revisions = Stream.of(AccountEvent.class, EmailEvent.class)
                .flatMap(family -> Arrays.stream(family.getPermittedSubclasses()))
                .collect(Collectors.toMap(
                        Class::getSimpleName,
                        c -> c.getAnnotation(Revision.class).value()));
        assertThat(revisions.values()).allMatch(r -> Integer.parseInt(r) >= 1);
    }

    @Test
    void typedIds_areStoredAsBareStrings() {
        JsonNode node = json.valueToTree(new ApiKeyRevoked(ACCOUNT, KEY, T));
        assertThat(node.get("accountId").isTextual()).isTrue();
        assertThat(node.get("revokedAt").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(ACCOUNT.toString()).as("Axon's aggregate identifier").isEqualTo(ACCOUNT.value());
    }
}
