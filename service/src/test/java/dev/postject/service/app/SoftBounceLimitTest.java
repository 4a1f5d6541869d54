package dev.postject.service.app;

import static dev.postject.service.app.BounceTests.awaitStatus;
import static dev.postject.service.app.BounceTests.send;
import static dev.postject.service.app.BounceTests.sender;
import static dev.postject.service.app.BounceTests.suppression;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.BounceTests.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An address that keeps soft-bouncing is suppressed once its soft (and undetermined) bounces reach
 * {@code suppressions.softBounceLimit} (3 here) within {@code softBounceWindow} (the shipped 7
 * days); older ones, block bounces, and those before the suppression was removed do not count.
 */
class SoftBounceLimitTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("suppressions.softBounceLimit", "3"));

    private static final String FULL = "552 5.2.2 Mailbox full";

    private static Api api() {
        return APP.api();
    }

    /** Sends one email that the relay refuses after DATA with {@code reply}; its id once it bounced. */
    private static String bounce(Sender s, String reply) {
        SMTP.scriptDataReplies(s.to(), reply);
        String id = send(api(), s);
        awaitStatus(api(), s, id, "bounced");
        return id;
    }

    @Test
    void softBounces_reachingTheLimitWithinTheWindow_suppressTheAddress_withThatReason() {
        Sender s = sender(api(), SMTP, "soft-limit.test");
        bounce(s, FULL);
        bounce(s, FULL);
        assertThat(suppression(api(), s, s.to())).as("two soft bounces").isEmpty();

        APP.clock().advance(Duration.ofDays(8)); // the first two fall out of the window
        bounce(s, FULL);
        bounce(s, "554 5.7.1 Message rejected as spam"); // a block bounce: our fault, never counted
        bounce(s, "554 Transaction failed"); // undetermined: counted as soft
        assertThat(suppression(api(), s, s.to()))
                .as("five bounces, two of them too old and one a block")
                .isEmpty();
        int copies = SMTP.receivedFor(s.to()).size();
        awaitStatus(api(), s, send(api(), s), "delivered");
        assertThat(SMTP.receivedFor(s.to())).as("still sent to").hasSize(copies + 1);

        String third = bounce(s, FULL);

        JsonNode entry = suppression(api(), s, s.to()).orElseThrow();
        assertThat(entry.get("reason").asText()).isEqualTo("repeated_soft_bounces");
        assertThat(entry.get("emailId").asText()).isEqualTo(third);
        assertThat(entry.get("bounceType").asText()).isEqualTo("soft");
        assertThat(entry.get("subtype").asText()).isEqualTo("mailbox_full");
        Api.Reply refused = api().post(
                        "/v1/emails",
                        s.key(),
                        Api.json(java.util.Map.of("from", s.from(), "to", s.to(), "subject", "s", "text", "x")));
        assertThat(refused.errorCode()).isEqualTo("recipients_suppressed");
    }

    @Test
    void removingTheSuppression_startsTheCountAgain() {
        Sender s = sender(api(), SMTP, "soft-limit.test");
        bounce(s, FULL);
        bounce(s, FULL);
        bounce(s, FULL);
        assertThat(suppression(api(), s, s.to())).isPresent();

        assertThat(api().delete("/v1/suppressions/" + s.to(), s.key()).status()).isEqualTo(204);
        bounce(s, FULL);
        bounce(s, FULL);

        assertThat(suppression(api(), s, s.to()))
                .as("two soft bounces since the removal")
                .isEmpty();
        bounce(s, FULL);
        assertThat(suppression(api(), s, s.to())).isPresent();
    }
}
