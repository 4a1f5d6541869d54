package dev.postject.projections.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountId;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailComplained;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelayed;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailId;
import dev.postject.events.EmailLinkClicked;
import dev.postject.events.EmailOpened;
import dev.postject.events.EmailQueued;
import dev.postject.events.SendingReputationAtRisk;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatsProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-03-01T10:15:00Z");
    private static final Instant HOUR = Instant.parse("2026-03-01T10:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_a");
    private static final AccountId OTHER = new AccountId("acct_b");

    private final Jdbi jdbi = DATABASE.jdbi();
    private final List<String> alarms = new ArrayList<>();
    private final StatsQueries queries = jdbi.onDemand(StatsQueries.class);

    private TestLedger ledger(int minimumSends) {
        return TestLedger.streaming(
                jdbi,
                new StatsProjection(
                        jdbi,
                        new Reputation(minimumSends),
                        (account, metric, rate, threshold, sends, at) ->
                                alarms.add(account.value() + " " + metric + " " + rate + " of " + sends)));
    }

    private static EmailQueued queued(
            AccountId account,
            String id,
            List<String> to,
            List<String> cc,
            List<String> bcc,
            List<String> suppressed,
            String tag,
            boolean sandbox,
            boolean system) {
        return new EmailQueued(
                new EmailId(id),
                account,
                "app@a.test",
                to,
                cc,
                bcc,
                suppressed,
                "s",
                tag,
                Map.of(),
                "<" + id + "@a>",
                sandbox,
                system,
                system ? EmailQueued.SYSTEM : EmailQueued.API,
                T0);
    }

    private static EmailQueued queued(AccountId account, String id, List<String> to, String tag) {
        return queued(account, id, to, List.of(), List.of(), List.of(), tag, false, false);
    }

    private static EmailBounced bounced(AccountId account, String id, String recipient, String type) {
        return new EmailBounced(
                new EmailId(id),
                account,
                recipient,
                type,
                "mailbox_unknown",
                "5.1.1",
                "550",
                false,
                T0.plusSeconds(60));
    }

    private StatsBucketView hour(String tag) {
        List<StatsBucketView> buckets = queries.buckets(ACCOUNT.value(), "hour", HOUR, HOUR.plusSeconds(3600), tag);
        return buckets.isEmpty() ? StatsBucketView.empty(HOUR) : buckets.get(0);
    }

    @Test
    void counts_eachRecipientSentTo_andWhatBecameOfIt_byHourAndTag_andReplaysChangeNothing() {
        TestLedger ledger = ledger(100);
        EmailId email = new EmailId("msg_1");
        ledger.append(
                // ann twice (to and cc, two spellings), bob, and carl suppressed: two sends
                queued(
                        ACCOUNT,
                        "msg_1",
                        List.of("Ann <ann@x.test>", "bob@x.test"),
                        List.of("ANN@x.test"),
                        List.of("carl@x.test"),
                        List.of("carl@x.test"),
                        "receipts",
                        false,
                        false),
                new EmailDelivered(email, ACCOUNT, "ann@x.test", "250 ok", T0.plusSeconds(1)),
                new EmailDeferred(email, ACCOUNT, "bob@x.test", "451", 1, T0.plusSeconds(61), T0.plusSeconds(1)),
                new EmailDelayed(email, ACCOUNT, "bob@x.test", "4.4.1", "still trying", T0.plusSeconds(30)),
                bounced(ACCOUNT, "msg_1", "bob@x.test", "hard"),
                new EmailComplained(email, ACCOUNT, "ann@x.test", "abuse", "isp", T0.plusSeconds(120)),
                new EmailOpened(email, ACCOUNT, "ann@x.test", null, T0.plusSeconds(30)),
                new EmailLinkClicked(email, ACCOUNT, "ann@x.test", "https://a.test/", null, T0.plusSeconds(31)),
                queued(ACCOUNT, "msg_2", List.of("dee@x.test"), null),
                bounced(ACCOUNT, "msg_2", "dee@x.test", "soft"),
                // Postject's own mail, and another account's: not this account's sending
                queued(
                        ACCOUNT,
                        "msg_3",
                        List.of("owner@a.test"),
                        List.of(),
                        List.of(),
                        List.of(),
                        "system",
                        false,
                        true),
                new EmailDelivered(new EmailId("msg_3"), ACCOUNT, "owner@a.test", "250 ok", T0),
                queued(OTHER, "msg_4", List.of("eve@x.test"), "receipts"));

        assertThat(hour(null)).isEqualTo(new StatsBucketView(HOUR, 3, 1, 2, 1, 1, 0, 0, 1, 1, 1));
        assertThat(hour("receipts")).isEqualTo(new StatsBucketView(HOUR, 2, 1, 2, 1, 0, 0, 0, 1, 1, 1));
        assertThat(hour("")).as("untagged").isEqualTo(new StatsBucketView(HOUR, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0));
        assertThat(queries.buckets(ACCOUNT.value(), "day", HOUR, HOUR.plusSeconds(86400), null))
                .singleElement()
                .satisfies(day -> {
                    assertThat(day.start()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
                    assertThat(day.sent()).isEqualTo(3);
                });
        assertThat(queries.rates(ACCOUNT.value())).contains(new RatesView(3, 1, 1));
        assertThat(queries.rates(OTHER.value())).contains(new RatesView(1, 0, 0));
        assertThat(alarms).as("3 sends: under the minimum").isEmpty();

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }

    @Test
    void theAlarm_ringsOncePerCrossing_forAProductionAccount_withEnoughSends() {
        TestLedger ledger = ledger(4);
        ledger.append(queued(ACCOUNT, "msg_1", List.of("a@x.test", "b@x.test", "c@x.test", "d@x.test"), null));
        ledger.append(bounced(ACCOUNT, "msg_1", "a@x.test", "block"), bounced(ACCOUNT, "msg_1", "a@x.test", "soft"));
        assertThat(alarms).as("only hard bounces count").isEmpty();

        ledger.append(bounced(ACCOUNT, "msg_1", "a@x.test", "hard"));
        assertThat(alarms).containsExactly("acct_a bounce_rate 0.25 of 4");
        ledger.append(
                bounced(ACCOUNT, "msg_1", "b@x.test", "hard"),
                bounced(ACCOUNT, "msg_1", "a@x.test", "hard")); // the same send again: counted once
        assertThat(queries.rates(ACCOUNT.value())).contains(new RatesView(4, 2, 0));
        ledger.append(new EmailComplained(new EmailId("msg_1"), ACCOUNT, "c@x.test", "abuse", null, T0));
        assertThat(alarms)
                .containsExactly(
                        "acct_a bounce_rate 0.25 of 4",
                        "acct_a " + SendingReputationAtRisk.COMPLAINT_RATE + " 0.25 of 4");
    }

    @Test
    void theAlarm_neverRings_forASandboxAccount() {
        TestLedger ledger = ledger(1);
        ledger.append(
                queued(ACCOUNT, "msg_1", List.of("a@x.test"), List.of(), List.of(), List.of(), null, true, false),
                bounced(ACCOUNT, "msg_1", "a@x.test", "hard"));

        assertThat(queries.rates(ACCOUNT.value())).contains(new RatesView(1, 1, 0));
        assertThat(alarms).isEmpty();
    }

    @Test
    void theWindow_keepsTheLastThousandSends_anOlderBounceLeavesIt() {
        TestLedger ledger = ledger(100);
        ledger.append(queued(ACCOUNT, "msg_old", List.of("gone@x.test"), null));
        ledger.append(bounced(ACCOUNT, "msg_old", "gone@x.test", "hard"));
        for (int email = 0; email < 20; email++) {
            int first = email * 50;
            ledger.append(queued(
                    ACCOUNT,
                    "msg_" + email,
                    IntStream.range(first, first + 50)
                            .mapToObj(i -> "r" + i + "@x.test")
                            .toList(),
                    null));
        }
        assertThat(queries.rates(ACCOUNT.value())).contains(new RatesView(1000, 0, 0));
        ledger.append(new EmailComplained(new EmailId("msg_old"), ACCOUNT, "gone@x.test", "abuse", null, T0));
        assertThat(queries.rates(ACCOUNT.value()))
                .as("a report about a send that left the window")
                .contains(new RatesView(1000, 0, 0));
        assertThat(hour(null).complained()).isEqualTo(1);
        assertThat(hour(null).sent()).isEqualTo(1001);
    }

    @Test
    void oneEmailToMoreThanTheWindow_keepsItsLastThousandSends_andReplaysChangeNothing() {
        TestLedger ledger = ledger(100);
        ledger.append(queued(ACCOUNT, "msg_old", List.of("gone@x.test"), null));
        ledger.append(bounced(ACCOUNT, "msg_old", "gone@x.test", "hard"));
        assertThat(queries.rates(ACCOUNT.value())).contains(new RatesView(1, 1, 0));
        EmailQueued huge = queued(
                ACCOUNT,
                "msg_huge",
                IntStream.range(0, 1005).mapToObj(i -> "r" + i + "@x.test").toList(),
                null);
        ledger.append(huge);
        assertThat(queries.rates(ACCOUNT.value()))
                .as("the old bounce left the window")
                .contains(new RatesView(1000, 0, 0));
        ledger.append(bounced(ACCOUNT, "msg_huge", "r4@x.test", "hard"));
        ledger.append(bounced(ACCOUNT, "msg_huge", "r5@x.test", "hard"));
        assertThat(queries.rates(ACCOUNT.value()))
                .as("r4 was one of the first five, not kept; r5 is in the window")
                .contains(new RatesView(1000, 1, 0));
        ledger.append(queued(ACCOUNT, "msg_next", List.of("next@x.test"), null));
        assertThat(queries.rates(ACCOUNT.value()))
                .as("the next send takes the oldest one's place: r5's, with its bounce")
                .contains(new RatesView(1000, 0, 0));
        assertThat(hour(null).sent()).isEqualTo(1007);
        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }

    /**
     * A streaming processor's batch of new emails is written in a few statements for all of them,
     * yet each send is judged in turn: a crossing in the middle of the batch raises the alarm even
     * though the batch's later sends bring the rate back below. A bounce in the batch sees the sends
     * before it, and the tables end as one event at a time leaves them.
     */
    @Test
    void aBatchOfSends_isJudgedSendBySend_andABounceInItSeesTheSendsBeforeIt() {
        TestLedger ledger = ledger(4);
        ledger.append(queued(ACCOUNT, "msg_0", List.of("a@x.test"), null));
        ledger.append(bounced(ACCOUNT, "msg_0", "a@x.test", "hard"));
        List<Object> batch = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            batch.add(queued(ACCOUNT, "msg_" + i, List.of("r" + i + "@x.test"), "bulk"));
            if (i == 2) {
                batch.add(queued(OTHER, "msg_other", List.of("eve@x.test"), null));
                batch.add(bounced(ACCOUNT, "msg_2", "r2@x.test", "hard"));
            }
        }
        ledger.appendInOneBatch(batch.toArray());

        assertThat(alarms)
                .as("2 of 4 sends when the minimum was reached; 2 of 61, under the threshold, at the batch's end")
                .containsExactly("acct_a bounce_rate 0.5 of 4");
        assertThat(queries.rates(ACCOUNT.value())).contains(new RatesView(61, 2, 0));
        assertThat(queries.rates(OTHER.value())).contains(new RatesView(1, 0, 0));
        assertThat(hour("bulk")).isEqualTo(new StatsBucketView(HOUR, 60, 0, 0, 1, 0, 0, 0, 0, 0, 0));

        ledger.append(bounced(ACCOUNT, "msg_3", "r3@x.test", "hard"), bounced(ACCOUNT, "msg_4", "r4@x.test", "hard"));
        assertThat(alarms)
                .as("the batch's end re-armed the alarm: 4 of 61 rings it again")
                .containsExactly("acct_a bounce_rate 0.5 of 4", "acct_a bounce_rate " + (4 / 61.0) + " of 61");
        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }

    /** An alarm that fails costs only itself: the batch's counts and ring stand, and the crossing is not raised again. */
    @Test
    void aFailingAlarm_costsOnlyItself() {
        TestLedger ledger = TestLedger.streaming(
                jdbi, new StatsProjection(jdbi, new Reputation(2), (account, metric, rate, threshold, sends, at) -> {
                    alarms.add(metric);
                    throw new IllegalStateException("the alarm's mail could not be sent");
                }));
        ledger.append(queued(ACCOUNT, "msg_0", List.of("a@x.test"), null));
        ledger.append(bounced(ACCOUNT, "msg_0", "a@x.test", "hard"));
        ledger.appendInOneBatch(
                queued(ACCOUNT, "msg_1", List.of("b@x.test"), null),
                queued(ACCOUNT, "msg_2", List.of("c@x.test"), null),
                bounced(ACCOUNT, "msg_2", "c@x.test", "hard"),
                queued(ACCOUNT, "msg_3", List.of("d@x.test"), null));

        assertThat(alarms).containsExactly(SendingReputationAtRisk.BOUNCE_RATE);
        assertThat(queries.rates(ACCOUNT.value())).contains(new RatesView(4, 2, 0));
        assertThat(hour(null).sent()).isEqualTo(4);
    }

    /**
     * A batch of new emails that goes round the window more than once: each slot holds the last
     * send to take it, and a bounce that leaves the window leaves the sums.
     */
    @Test
    void aBatchOfSends_roundTheWindow_keepsTheLastThousand() {
        TestLedger ledger = ledger(100);
        ledger.append(queued(ACCOUNT, "msg_old", List.of("gone@x.test"), null));
        ledger.append(bounced(ACCOUNT, "msg_old", "gone@x.test", "hard"));
        ledger.appendInOneBatch(IntStream.range(0, 5)
                .mapToObj(email -> queued(
                        ACCOUNT,
                        "msg_" + email,
                        IntStream.range(0, 450)
                                .mapToObj(i -> "r" + email + "_" + i + "@x.test")
                                .toList(),
                        null))
                .toArray());
        assertThat(queries.rates(ACCOUNT.value())).contains(new RatesView(1000, 0, 0));
        ledger.append(bounced(ACCOUNT, "msg_4", "r4_449@x.test", "hard"));
        ledger.append(bounced(ACCOUNT, "msg_2", "r2_349@x.test", "hard"));
        assertThat(queries.rates(ACCOUNT.value()))
                .as("the last send is in the window; msg_2's 350th left it")
                .contains(new RatesView(1000, 1, 0));
        assertThat(hour(null).sent()).isEqualTo(2251);
        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }

    /**
     * A streaming processor's batch: the outcomes that only count are judged together at the
     * batch's end, those before a bounce first (the bounce moves the position past them), and a
     * batch seen again counts nothing more.
     */
    @Test
    void aBatchOfOutcomes_countsEachOnce_inLedgerOrder_andABatchSeenAgainChangesNothing() {
        TestLedger ledger = ledger(100);
        EmailId email = new EmailId("msg_1");
        ledger.append(queued(ACCOUNT, "msg_1", List.of("ann@x.test", "bob@x.test"), "receipts"));
        ledger.appendInOneBatch(
                new EmailDeferred(email, ACCOUNT, "bob@x.test", "451", 1, T0.plusSeconds(61), T0.plusSeconds(1)),
                new EmailDeferred(email, ACCOUNT, "bob@x.test", "451", 2, T0.plusSeconds(121), T0.plusSeconds(61)),
                new EmailDelivered(email, ACCOUNT, "ann@x.test", "250 ok", T0.plusSeconds(2)),
                bounced(ACCOUNT, "msg_1", "bob@x.test", "hard"),
                new EmailOpened(email, ACCOUNT, "ann@x.test", null, T0.plusSeconds(30)),
                new EmailOpened(email, ACCOUNT, "ann@x.test", null, T0.plusSeconds(40)),
                // Postject's own mail: no row of its own here, nothing counted
                new EmailDelivered(new EmailId("msg_9"), ACCOUNT, "owner@a.test", "250 ok", T0));

        StatsBucketView counted = new StatsBucketView(HOUR, 2, 1, 2, 1, 0, 0, 0, 0, 2, 0);
        assertThat(hour("receipts")).isEqualTo(counted);
        assertThat(queries.rates(ACCOUNT.value())).contains(new RatesView(2, 1, 0));

        List<org.axonframework.eventhandling.TrackedEventMessage<?>> events = ledger.events();
        ledger.deliverInOneBatch(events.subList(1, events.size()));
        ledger.deliverInOneBatch(events);
        assertThat(hour("receipts")).as("the batches again").isEqualTo(counted);
        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
