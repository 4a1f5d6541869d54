package dev.postject.service.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.mail.SmtpReply;
import dev.postject.service.mail.reports.BounceClassification;
import dev.postject.service.mail.reports.BounceSubtype;
import dev.postject.service.mail.reports.BounceType;
import dev.postject.service.sending.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a reply comes to: a pure function of the reply and the delivery's history. */
class OutcomesTest {
    private static final Instant QUEUED = Instant.parse("2026-05-01T10:00:00Z");
    private static final RetryPolicy RETRY =
            new RetryPolicy(Duration.ofSeconds(60), Duration.ofSeconds(3600), Duration.ofHours(72));

    private static Outcomes.Decision decide(SmtpReply reply, boolean content, int attemptsBefore, Instant now) {
        return Outcomes.decide(reply, content, attemptsBefore, QUEUED, now, RETRY);
    }

    @Test
    void a2xxReply_isDelivered() {
        assertThat(decide(new SmtpReply(250, "ok"), true, 0, QUEUED))
                .isEqualTo(new Outcomes.Decision(Outcome.DELIVERED, 1, "250 ok", null));
    }

    @Test
    void a5xxReply_isBounced_atOnce() {
        assertThat(decide(new SmtpReply(550, "no such user"), true, 3, QUEUED.plusSeconds(600)))
                .isEqualTo(new Outcomes.Decision(
                        Outcome.BOUNCED,
                        4,
                        "550 no such user",
                        null,
                        new BounceClassification(BounceType.HARD, BounceSubtype.MAILBOX_UNKNOWN),
                        null));
    }

    @Test
    void a5xxReply_withAnEnhancedStatusCode_isBounced_withThatCode() {
        assertThat(decide(new SmtpReply(552, "5.2.2 <ann@x.test>: mailbox full"), true, 0, QUEUED))
                .isEqualTo(new Outcomes.Decision(
                        Outcome.BOUNCED,
                        1,
                        "552 5.2.2 <ann@x.test>: mailbox full",
                        null,
                        new BounceClassification(BounceType.SOFT, BounceSubtype.MAILBOX_FULL),
                        "5.2.2"));
    }

    @Test
    void a4xxReply_isDeferred_withExponentialBackoff() {
        Instant now = QUEUED.plusSeconds(300);

        assertThat(decide(new SmtpReply(451, "later"), true, 0, now))
                .isEqualTo(new Outcomes.Decision(Outcome.DEFERRED, 1, "451 later", now.plusSeconds(60)));
        assertThat(decide(new SmtpReply(451, "later"), true, 2, now).retryAt()).isEqualTo(now.plusSeconds(240));
        assertThat(decide(new SmtpReply(451, "later"), true, 20, now).retryAt()).isEqualTo(now.plusSeconds(3600));
    }

    @Test
    void noAnswer_isDeferred_likeA4xx() {
        assertThat(decide(new SmtpReply(0, "No SMTP answer: refused"), true, 0, QUEUED)
                        .outcome())
                .isEqualTo(Outcome.DEFERRED);
    }

    @Test
    void aDeferral_pastTheGiveUpTime_isFailed_sayingWhy() {
        Instant late = QUEUED.plus(Duration.ofHours(72));

        assertThat(decide(new SmtpReply(451, "later"), true, 9, late))
                .isEqualTo(new Outcomes.Decision(
                        Outcome.FAILED, 10, "Gave up after 10 attempts; last reply: 451 later", null));
    }

    @Test
    void aDeliveryWhoseContentWasDeleted_isFailed_atOnce() {
        SmtpReply none = new SmtpReply(0, "The message content was deleted before delivery");

        assertThat(decide(none, false, 0, QUEUED))
                .isEqualTo(new Outcomes.Decision(
                        Outcome.FAILED, 1, "The message content was deleted before delivery", null));
    }

    @Test
    void aBounce_isABounce_evenAfterTheGiveUpTime() {
        assertThat(decide(new SmtpReply(554, "rejected"), true, 9, QUEUED.plus(Duration.ofDays(5)))
                        .outcome())
                .isEqualTo(Outcome.BOUNCED);
    }
}
