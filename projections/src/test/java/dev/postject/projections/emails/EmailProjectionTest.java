package dev.postject.projections.emails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailComplained;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelayed;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailEvent;
import dev.postject.events.EmailFailed;
import dev.postject.events.EmailId;
import dev.postject.events.EmailLinkClicked;
import dev.postject.events.EmailOpened;
import dev.postject.events.EmailQueued;
import dev.postject.events.EventJson;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_a");
    private static final EmailId EMAIL = new EmailId("msg_1");
    private final Jdbi jdbi = DATABASE.jdbi();
    private final TestLedger ledger = TestLedger.inTransaction(jdbi, new EmailProjection(jdbi, EventJson.newMapper()));
    private final EmailQueries queries = jdbi.onDemand(EmailQueries.class);

    private static EmailQueued queued(List<String> to, List<String> suppressed) {
        return new EmailQueued(
                EMAIL,
                ACCOUNT,
                "Shop <shop@x.test>",
                to,
                List.of(),
                List.of(),
                suppressed,
                "Hi",
                "t",
                Map.of(),
                "<msg_1@x.test>",
                true,
                false,
                "api",
                T0);
    }

    /** Applies events as Axon would, each with its own message id (the timeline key). */
    private void apply(EmailEvent... events) {
        ledger.append((Object[]) events);
    }

    private String status() {
        return queries.find("acct_a", "msg_1").orElseThrow().status();
    }

    @Test
    void status_followsTheRecipients() {
        apply(queued(List.of("Ann <ann@x.test>", "bob@x.test"), List.of()));
        assertThat(status()).isEqualTo("queued");

        apply(new EmailDeferred(EMAIL, ACCOUNT, "ann@x.test", "451", 1, T0.plusSeconds(60), T0));
        assertThat(status()).as("any retry pending").isEqualTo("deferred");

        apply(new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", T0.plusSeconds(61)));
        assertThat(status()).as("bob still waits").isEqualTo("queued");

        apply(new EmailBounced(
                EMAIL, ACCOUNT, "bob@x.test", "hard", "mailbox_unknown", "5.1.1", "550", false, T0.plusSeconds(62)));
        assertThat(status()).isEqualTo("bounced");
        assertThat(queries.events("msg_1"))
                .extracting(EmailEventView::type)
                .containsExactly("queued", "deferred", "delivered", "bounced");
    }

    @Test
    void aBounceReportedAfterDelivery_makesTheRecipientAndTheEmailBounced_withItsClass() {
        apply(
                queued(List.of("ann@x.test", "bob@x.test"), List.of()),
                new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", T0),
                new EmailDelivered(EMAIL, ACCOUNT, "bob@x.test", "250", T0));
        assertThat(status()).isEqualTo("delivered");

        apply(new EmailBounced(
                EMAIL,
                ACCOUNT,
                "ANN@x.test",
                "hard",
                "mailbox_unknown",
                "5.1.1",
                "smtp; 550 5.1.1 no such user",
                true,
                T0.plusSeconds(60)));

        assertThat(status()).isEqualTo("bounced");
        assertThat(queries.recipients(List.of("msg_1")))
                .containsExactly(
                        new EmailRecipientView(
                                "msg_1",
                                "ann@x.test",
                                "bounced",
                                "hard",
                                "mailbox_unknown",
                                "5.1.1",
                                "smtp; 550 5.1.1 no such user",
                                true,
                                T0.plusSeconds(60),
                                null,
                                null),
                        new EmailRecipientView(
                                "msg_1", "bob@x.test", "delivered", null, null, null, null, null, null, null, null));
        assertThat(queries.events("msg_1"))
                .extracting(EmailEventView::type)
                .containsExactly("queued", "delivered", "delivered", "bounced");
    }

    @Test
    void delaysAndComplaints_areOnTheTimeline_andAComplaintOnItsRecipient_withoutChangingTheStatus() {
        apply(
                queued(List.of("ann@x.test"), List.of()),
                new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", T0),
                new EmailDelayed(EMAIL, ACCOUNT, "ann@x.test", "4.4.1", "connect timed out", T0.plusSeconds(10)),
                new EmailComplained(
                        EMAIL, ACCOUNT, "Ann@x.test", "abuse", "Yahoo!-Mail-Feedback/2.0", T0.plusSeconds(20)));

        assertThat(status()).isEqualTo("delivered");
        assertThat(queries.events("msg_1"))
                .containsExactly(
                        new EmailEventView("queued", null, T0, null),
                        new EmailEventView("delivered", "ann@x.test", T0, "250"),
                        new EmailEventView("delayed", "ann@x.test", T0.plusSeconds(10), "4.4.1 connect timed out"),
                        new EmailEventView(
                                "complained",
                                "Ann@x.test",
                                T0.plusSeconds(20),
                                "Marked as abuse (reported by Yahoo!-Mail-Feedback/2.0)"));
        EmailRecipientView ann = queries.recipients(List.of("msg_1")).get(0);
        assertThat(ann.status()).isEqualTo("delivered");
        assertThat(ann.complaintType()).isEqualTo("abuse");
        assertThat(ann.complainedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(ann.bounceType()).isNull();

        ledger.events().forEach(ledger::deliver);
        assertThat(queries.events("msg_1")).hasSize(4);
    }

    @Test
    void allDelivered_isDelivered_evenWithASuppressedRecipient_andFailedWhenGivenUp() {
        apply(
                queued(List.of("ann@x.test", "gone@x.test"), List.of("gone@x.test")),
                new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", T0));
        assertThat(status()).isEqualTo("delivered");
        assertThat(queries.events("msg_1")).extracting(EmailEventView::type).contains("suppressed");

        EmailId other = new EmailId("msg_2");
        apply(
                new EmailQueued(
                        other,
                        ACCOUNT,
                        "shop@x.test",
                        List.of("ann@x.test"),
                        List.of(),
                        List.of(),
                        List.of(),
                        "Hi",
                        null,
                        Map.of(),
                        "<msg_2@x.test>",
                        true,
                        false,
                        "api",
                        T0),
                new EmailFailed(other, ACCOUNT, "ann@x.test", "gave up", T0));
        assertThat(queries.find("acct_a", "msg_2").orElseThrow().status()).isEqualTo("failed");
    }

    @Test
    void oneRowPerAddress_whateverItsSpelling() {
        apply(
                queued(List.of("Ann <ann@x.test>", "ANN@X.TEST"), List.of()),
                new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", T0));

        assertThat(status()).isEqualTo("delivered");
        assertThat(queries.page("acct_a", null, null, "ANN@x.test", null, 10)).hasSize(1);
    }

    @Test
    void replayingTheSameEvents_changesNothing() {
        apply(queued(List.of("ann@x.test"), List.of()), new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", T0));
        ledger.events().forEach(ledger::deliver);

        assertThat(status()).isEqualTo("delivered");
        assertThat(queries.events("msg_1")).hasSize(2);
    }

    @Test
    void systemMail_isNeitherListedNorCounted() {
        apply(new EmailQueued(
                EMAIL,
                ACCOUNT,
                "no-reply@postject.local",
                List.of("ann@x.test"),
                List.of(),
                List.of(),
                List.of(),
                "Confirm",
                "system",
                Map.of(),
                "<msg_1@postject.local>",
                false,
                true,
                "api",
                T0));

        assertThat(queries.find("acct_a", "msg_1")).isEmpty();
        assertThat(queries.countSince("acct_a", T0.minusSeconds(1), 200)).isZero();
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        EmailId other = new EmailId("msg_2");
        apply(
                queued(List.of("Ann <ann@x.test>", "bob@x.test", "gone@x.test"), List.of("gone@x.test")),
                new EmailQueued(
                        other,
                        ACCOUNT,
                        "shop@x.test",
                        List.of("cy@x.test"),
                        List.of(),
                        List.of(),
                        List.of(),
                        "Hi",
                        null,
                        Map.of(),
                        "<msg_2@x.test>",
                        true,
                        false,
                        "api",
                        T0),
                new EmailDeferred(EMAIL, ACCOUNT, "ann@x.test", "451", 1, T0.plusSeconds(60), T0),
                new EmailDeferred(EMAIL, ACCOUNT, "ann@x.test", "451", 2, T0.plusSeconds(180), T0.plusSeconds(60)),
                new EmailDelivered(EMAIL, ACCOUNT, "bob@x.test", "250", T0.plusSeconds(61)),
                new EmailOpened(EMAIL, ACCOUNT, "bob@x.test", "Mail/1.0", T0.plusSeconds(62)),
                new EmailLinkClicked(
                        EMAIL, ACCOUNT, "bob@x.test", "https://shop.test/", "Mail/1.0", T0.plusSeconds(63)),
                new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250", T0.plusSeconds(181)),
                new EmailFailed(other, ACCOUNT, "cy@x.test", "gave up", T0.plusSeconds(200)));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }

    @Test
    void eachEmail_remembersWhoSentIt_soASenderCanBeShownOnlyItsOwn() {
        EmailQueued byToken = queued(List.of("ann@x.test"), List.of());
        EmailQueued byKey = new EmailQueued(
                new EmailId("msg_2"),
                ACCOUNT,
                "shop@x.test",
                List.of("bob@x.test"),
                List.of(),
                List.of(),
                List.of(),
                "Hi",
                null,
                Map.of(),
                "<msg_2@x.test>",
                true,
                false,
                "api",
                T0.plusSeconds(1));
        ledger.appendWith(Map.of(Actor.TYPE_KEY, "server_token", Actor.ID_KEY, "stk_1"), byToken);
        ledger.appendWith(Map.of(Actor.TYPE_KEY, "api_key", Actor.ID_KEY, "key_1"), byKey);

        assertThat(queries.find("acct_a", "msg_1", "server_token", "stk_1")).isPresent();
        assertThat(queries.find("acct_a", "msg_2", "server_token", "stk_1")).isEmpty();
        assertThat(queries.find("acct_a", "msg_1", "server_token", "stk_2")).isEmpty();
        assertThat(queries.find("acct_a", "msg_1", "api_key", "stk_1"))
                .as("the type counts too")
                .isEmpty();
        assertThat(queries.find("acct_a", "msg_2"))
                .as("without a sender filter")
                .isPresent();
        assertThat(queries.page("acct_a", null, null, null, null, 10, "server_token", "stk_1"))
                .extracting(EmailView::id)
                .containsExactly("msg_1");
        assertThat(queries.page("acct_a", null, null, null, null, 10))
                .extracting(EmailView::id)
                .containsExactly("msg_2", "msg_1");
        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }

    /**
     * The new emails of one batch of events (a group of accepted emails) are written together, and
     * so are its recipients' steps (a delivery round's outcomes); an event in the batch still finds
     * what the events before it wrote: an outcome the emails before it, a bounce the steps before
     * it, a second step of an email its first. The tables end as the same events seen one at a time
     * leave them.
     */
    @Test
    void aBatchOfEvents_writesItsNewEmailsAndStepsTogether_andEachEventSeesTheOnesBeforeIt() {
        EmailId second = new EmailId("msg_2");
        EmailId third = new EmailId("msg_3");
        ledger.appendInOneBatch(
                queued(List.of("Ann <ann@x.test>", "bob@x.test", "gone@x.test"), List.of("gone@x.test")),
                queued(second, "cy@x.test"),
                new EmailDelivered(EMAIL, ACCOUNT, "bob@x.test", "250 ok", T0.plusSeconds(1)),
                queued(third, "dee@x.test"),
                new EmailDelivered(third, ACCOUNT, "dee@x.test", "250 ok", T0.plusSeconds(2)),
                new EmailDeferred(EMAIL, ACCOUNT, "ann@x.test", "451 later", 1, T0.plusSeconds(60), T0.plusSeconds(3)),
                new EmailBounced(
                        second,
                        ACCOUNT,
                        "cy@x.test",
                        "hard",
                        "mailbox_unknown",
                        "5.1.1",
                        "550",
                        false,
                        T0.plusSeconds(4)),
                new EmailDelivered(EMAIL, ACCOUNT, "ann@x.test", "250 ok", T0.plusSeconds(61)));

        assertThat(status()).as("every recipient sent to got it").isEqualTo("delivered");
        assertThat(queries.events("msg_1"))
                .extracting(EmailEventView::type, EmailEventView::recipient)
                .containsExactly(
                        tuple("queued", null),
                        tuple("suppressed", "gone@x.test"),
                        tuple("delivered", "bob@x.test"),
                        tuple("deferred", "ann@x.test"),
                        tuple("delivered", "ann@x.test"));
        assertThat(queries.find("acct_a", "msg_2").orElseThrow().status()).isEqualTo("bounced");
        assertThat(queries.find("acct_a", "msg_3").orElseThrow().status()).isEqualTo("delivered");
        assertThat(queries.recipients(List.of("msg_1", "msg_2", "msg_3")))
                .extracting(EmailRecipientView::recipient, EmailRecipientView::status)
                .containsExactlyInAnyOrder(
                        tuple("ann@x.test", "delivered"),
                        tuple("bob@x.test", "delivered"),
                        tuple("gone@x.test", "suppressed"),
                        tuple("cy@x.test", "bounced"),
                        tuple("dee@x.test", "delivered"));
        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }

    private static EmailQueued queued(EmailId id, String to) {
        return new EmailQueued(
                id,
                ACCOUNT,
                "shop@x.test",
                List.of(to),
                List.of(),
                List.of(),
                List.of(),
                "Hi",
                null,
                Map.of(),
                "<" + id.value() + "@x.test>",
                true,
                false,
                "api",
                T0);
    }
}
