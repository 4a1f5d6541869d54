package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailComplained;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelayed;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailFailed;
import dev.postject.events.EmailId;
import dev.postject.events.EmailLinkClicked;
import dev.postject.events.EmailOpened;
import dev.postject.events.EmailQueued;
import dev.postject.service.mail.reports.BounceClassification;
import dev.postject.service.mail.reports.BounceClassifier;
import dev.postject.service.mail.reports.BounceSubtype;
import dev.postject.service.mail.reports.BounceType;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EmailTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final EmailId EMAIL = new EmailId("msg_1");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private static final EmailQueued QUEUED = new EmailQueued(
            EMAIL,
            ACCOUNT,
            "a@x.test",
            List.of("Ann <ann@x.test>"),
            List.of("cc@x.test"),
            List.of("bcc@x.test"),
            List.of("bcc@x.test"),
            "s",
            null,
            Map.of(),
            "<msg_1@x.test>",
            true,
            false,
            "api",
            NOW);

    private AggregateTestFixture<Email> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Email.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static RecordAttempt attempt(String recipient, Outcome outcome) {
        return new RecordAttempt(
                EMAIL,
                recipient,
                outcome,
                "250 ok",
                1,
                outcome == Outcome.DEFERRED ? NOW.plusSeconds(60) : null,
                outcome == Outcome.BOUNCED ? BounceClassifier.classify(550, null, "no such user") : null);
    }

    @Nested
    class QueueEmailCommand {
        @Test
        void queueEmail_recordsEmailQueued_atTheAcceptanceTime() {
            fixture.givenNoPriorActivity()
                    .when(new QueueEmail(
                            EMAIL,
                            ACCOUNT,
                            "a@x.test",
                            List.of("Ann <ann@x.test>"),
                            List.of("cc@x.test"),
                            List.of("bcc@x.test"),
                            List.of("bcc@x.test"),
                            "s",
                            null,
                            Map.of(),
                            "<msg_1@x.test>",
                            true,
                            false,
                            "api",
                            NOW))
                    .expectEvents(QUEUED);
        }
    }

    @Nested
    class RecordAttemptCommand {
        @Test
        void outcomes_carryTheEmailsSource_asMetadata_forCountingThemPerSource() {
            EmailQueued overSmtp = new EmailQueued(
                    EMAIL,
                    ACCOUNT,
                    QUEUED.from(),
                    QUEUED.to(),
                    QUEUED.cc(),
                    QUEUED.bcc(),
                    QUEUED.suppressed(),
                    QUEUED.subject(),
                    null,
                    Map.of(),
                    QUEUED.messageId(),
                    false,
                    false,
                    EmailQueued.SMTP,
                    NOW);
            fixture.given(overSmtp)
                    .when(attempt("ann@x.test", Outcome.BOUNCED))
                    .expectEventsMatching(Matchers.exactSequenceOf(
                            Matchers.<EventMessage<?>>predicate(event -> event.getPayload() instanceof EmailBounced
                                    && EmailQueued.SMTP.equals(
                                            event.getMetaData().get(Email.SOURCE_KEY))),
                            Matchers.andNoMore()));
        }

        @Test
        void delivered_toAPendingRecipient_isRecorded_matchingAddressesCaseInsensitively() {
            fixture.given(QUEUED)
                    .when(attempt("ANN@x.test", Outcome.DELIVERED))
                    .expectEvents(new EmailDelivered(EMAIL, ACCOUNT, "ANN@x.test", "250 ok", NOW));
        }

        @Test
        void deferral_keepsTheRecipientPending() {
            fixture.given(QUEUED, new EmailDeferred(EMAIL, ACCOUNT, "cc@x.test", "451", 1, NOW, NOW))
                    .when(attempt("cc@x.test", Outcome.DELIVERED))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void bounceAndFailure_areRecorded() {
            fixture.given(QUEUED)
                    .when(new RecordAttempt(
                            EMAIL,
                            "cc@x.test",
                            Outcome.BOUNCED,
                            "550 5.1.1 no such user",
                            1,
                            null,
                            BounceClassifier.classify(550, null, "5.1.1 no such user"),
                            "5.1.1"))
                    .expectEvents(new EmailBounced(
                            EMAIL,
                            ACCOUNT,
                            "cc@x.test",
                            "hard",
                            "mailbox_unknown",
                            "5.1.1",
                            "550 5.1.1 no such user",
                            false,
                            NOW));
            fixture.given(QUEUED)
                    .when(new RecordAttempt(EMAIL, "cc@x.test", Outcome.FAILED, "gave up", 9, null, null))
                    .expectEvents(new EmailFailed(EMAIL, ACCOUNT, "cc@x.test", "gave up", NOW));
        }

        @Test
        void secondFinalOutcome_forARecipient_isRejected() {
            fixture.given(QUEUED, new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", NOW))
                    .when(attempt("ann@x.test", Outcome.DELIVERED))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void attempt_forASuppressedOrUnknownRecipient_isRejected() {
            fixture.given(QUEUED)
                    .when(attempt("bcc@x.test", Outcome.DELIVERED))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
            fixture.given(QUEUED)
                    .when(attempt("stranger@x.test", Outcome.DELIVERED))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class RecordEngagementCommand {
        @Test
        void anOpen_ofARecipient_isRecorded_andReturnsTrue() {
            fixture.given(QUEUED)
                    .when(new RecordEngagement(EMAIL, "ANN@x.test", null, "Mail/1.0"))
                    .expectResultMessagePayload(true)
                    .expectEvents(new EmailOpened(EMAIL, ACCOUNT, "ANN@x.test", "Mail/1.0", NOW));
        }

        @Test
        void aClick_recordsTheUrl() {
            fixture.given(QUEUED)
                    .when(new RecordEngagement(EMAIL, "cc@x.test", "https://acme.test/a", "Mail/1.0"))
                    .expectResultMessagePayload(true)
                    .expectEvents(
                            new EmailLinkClicked(EMAIL, ACCOUNT, "cc@x.test", "https://acme.test/a", "Mail/1.0", NOW));
        }

        @Test
        void aRepeat_withinAMinute_isOneEngagement() {
            fixture.given(QUEUED, new EmailOpened(EMAIL, ACCOUNT, "ann@x.test", "Mail/1.0", NOW.minusSeconds(59)))
                    .when(new RecordEngagement(EMAIL, "ann@x.test", null, "Mail/1.0"))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void aRepeat_afterAMinute_isAnotherEngagement_andAnotherLinkIsItsOwn() {
            fixture.given(QUEUED, new EmailOpened(EMAIL, ACCOUNT, "ann@x.test", "Mail/1.0", NOW.minusSeconds(60)))
                    .when(new RecordEngagement(EMAIL, "ann@x.test", null, "Mail/1.0"))
                    .expectEvents(new EmailOpened(EMAIL, ACCOUNT, "ann@x.test", "Mail/1.0", NOW));
            fixture.given(
                            QUEUED,
                            new EmailLinkClicked(
                                    EMAIL, ACCOUNT, "ann@x.test", "https://acme.test/a", "M", NOW.minusSeconds(5)))
                    .when(new RecordEngagement(EMAIL, "ann@x.test", "https://acme.test/b", "M"))
                    .expectEvents(new EmailLinkClicked(EMAIL, ACCOUNT, "ann@x.test", "https://acme.test/b", "M", NOW));
        }

        @Test
        void anEngagement_ofSomeoneTheEmailWasNotSentTo_isNotRecorded() {
            fixture.given(QUEUED)
                    .when(new RecordEngagement(EMAIL, "bcc@x.test", null, "Mail/1.0"))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
            fixture.given(QUEUED)
                    .when(new RecordEngagement(EMAIL, "stranger@x.test", null, "Mail/1.0"))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void aLongUserAgent_isCutTo500Characters() {
            String agent = "a".repeat(600);
            fixture.given(QUEUED)
                    .when(new RecordEngagement(EMAIL, "ann@x.test", null, agent))
                    .expectEvents(new EmailOpened(EMAIL, ACCOUNT, "ann@x.test", "a".repeat(500), NOW));
        }
    }

    @Nested
    class Reports {
        private static final BounceClassification MAILBOX_UNKNOWN =
                new BounceClassification(BounceType.HARD, BounceSubtype.MAILBOX_UNKNOWN);

        @Test
        void aBounceReportedAfterDelivery_isRecordedAsAsynchronous_once() {
            fixture.given(QUEUED, new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", NOW))
                    .when(new RecordReportedBounce(EMAIL, "ANN@x.test", MAILBOX_UNKNOWN, "5.1.1", "550 5.1.1 unknown"))
                    .expectResultMessagePayload(true)
                    .expectEvents(new EmailBounced(
                            EMAIL,
                            ACCOUNT,
                            "ANN@x.test",
                            "hard",
                            "mailbox_unknown",
                            "5.1.1",
                            "550 5.1.1 unknown",
                            true,
                            NOW));
            fixture.given(
                            QUEUED,
                            new EmailBounced(
                                    EMAIL, ACCOUNT, "ann@x.test", "hard", "mailbox_unknown", null, "550", false, NOW))
                    .when(new RecordReportedBounce(EMAIL, "ann@x.test", MAILBOX_UNKNOWN, "5.1.1", "again"))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void reportsAbout_addressesTheEmailWasNotSentTo_areNotRecorded() {
            fixture.given(QUEUED)
                    .when(new RecordReportedBounce(EMAIL, "stranger@x.test", MAILBOX_UNKNOWN, null, "550"))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
            fixture.given(QUEUED)
                    .when(new RecordComplaint(EMAIL, "bcc@x.test", "abuse", null))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
            fixture.given(QUEUED)
                    .when(new RecordReportedDelay(EMAIL, "stranger@x.test", "4.4.1", "timed out"))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void aDelay_isATimelineEntry_untilTheRecipientBounces() {
            fixture.given(QUEUED, new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", NOW))
                    .when(new RecordReportedDelay(EMAIL, "ann@x.test", "4.4.1", "timed out"))
                    .expectEvents(new EmailDelayed(EMAIL, ACCOUNT, "ann@x.test", "4.4.1", "timed out", NOW));
            fixture.given(
                            QUEUED,
                            new EmailBounced(
                                    EMAIL, ACCOUNT, "ann@x.test", "hard", "mailbox_unknown", null, "550", true, NOW))
                    .when(new RecordReportedDelay(EMAIL, "ann@x.test", "4.4.1", "timed out"))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void aComplaint_isRecordedOncePerRecipient() {
            fixture.given(QUEUED, new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", NOW))
                    .when(new RecordComplaint(EMAIL, "ann@x.test", "abuse", "Yahoo!-Mail-Feedback/2.0"))
                    .expectResultMessagePayload(true)
                    .expectEvents(new EmailComplained(
                            EMAIL, ACCOUNT, "ann@x.test", "abuse", "Yahoo!-Mail-Feedback/2.0", NOW));
            fixture.given(QUEUED, new EmailComplained(EMAIL, ACCOUNT, "ann@x.test", "abuse", null, NOW))
                    .when(new RecordComplaint(EMAIL, "ann@x.test", "abuse", null))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }
    }
}
