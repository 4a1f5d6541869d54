package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.EmailId;
import dev.postject.events.RecipientSuppressed;
import dev.postject.events.SandboxConfirmationSent;
import dev.postject.events.SandboxEmailAdded;
import dev.postject.events.SandboxEmailConfirmed;
import dev.postject.events.SandboxEmailRemoved;
import dev.postject.events.SuppressionRemoved;
import dev.postject.events.UserId;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Account aggregate's sandbox whitelist and suppression list rules. */
class SandboxRulesTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private static final AccountOpened OPENED =
            new AccountOpened(ACCOUNT, "Acme", new UserId("usr_1"), "ops@acme.test", NOW.minusSeconds(3600));
    private static final String ADDRESS = "Dev@Acme.test";

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SandboxEmailAdded added(String email) {
        return new SandboxEmailAdded(ACCOUNT, email, NOW.minusSeconds(120));
    }

    private static SandboxConfirmationSent sent(String email, String hash, Instant at) {
        return new SandboxConfirmationSent(ACCOUNT, email, hash, at, at.plus(Duration.ofDays(7)));
    }

    @Nested
    class AddSandboxEmailCommand {
        @Test
        void add_recordsThePendingAddress_andItsConfirmationLink() {
            fixture.given(OPENED)
                    .when(new AddSandboxEmail(ACCOUNT, ADDRESS, "hash1"))
                    .expectEvents(new SandboxEmailAdded(ACCOUNT, ADDRESS, NOW), sent(ADDRESS, "hash1", NOW));
        }

        @Test
        void add_whenListedInAnyCase_isRejected() {
            fixture.given(OPENED, added(ADDRESS))
                    .when(new AddSandboxEmail(ACCOUNT, "dev@acme.TEST", "hash2"))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void add_theFiftyFirst_isRejected() {
            List<Object> history = new ArrayList<>(List.of(OPENED));
            for (int i = 0; i < 50; i++) {
                history.add(added("a" + i + "@acme.test"));
            }
            fixture.given(history)
                    .when(new AddSandboxEmail(ACCOUNT, "b@acme.test", "h"))
                    .expectException(Refusal.Conflict.class)
                    .expectExceptionMessage("An account may list at most 50 sandbox addresses; remove one first.")
                    .expectNoEvents();
        }
    }

    @Nested
    class ResendCommand {
        @Test
        void resend_afterAMinute_sendsANewLink() {
            fixture.given(OPENED, added(ADDRESS), sent(ADDRESS, "old", NOW.minusSeconds(61)))
                    .when(new ResendSandboxConfirmation(ACCOUNT, ADDRESS, "new"))
                    .expectEvents(sent(ADDRESS, "new", NOW));
        }

        @Test
        void resend_withinAMinute_isRateLimited() {
            fixture.given(OPENED, added(ADDRESS), sent(ADDRESS, "old", NOW.minusSeconds(30)))
                    .when(new ResendSandboxConfirmation(ACCOUNT, ADDRESS, "new"))
                    .expectException(Refusal.RateLimited.class)
                    .expectNoEvents();
        }

        @Test
        void resend_forAConfirmedOrUnknownAddress_isRejected() {
            fixture.given(
                            OPENED,
                            added(ADDRESS),
                            sent(ADDRESS, "h", NOW.minusSeconds(600)),
                            new SandboxEmailConfirmed(ACCOUNT, ADDRESS, NOW.minusSeconds(500)))
                    .when(new ResendSandboxConfirmation(ACCOUNT, ADDRESS, "new"))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
            fixture.given(OPENED)
                    .when(new ResendSandboxConfirmation(ACCOUNT, ADDRESS, "new"))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class ConfirmCommand {
        @Test
        void confirm_withTheCurrentToken_confirms() {
            fixture.given(OPENED, added(ADDRESS), sent(ADDRESS, "h", NOW.minusSeconds(60)))
                    .when(new ConfirmSandboxEmail(ACCOUNT, ADDRESS, "h"))
                    .expectEvents(new SandboxEmailConfirmed(ACCOUNT, ADDRESS, NOW));
        }

        @Test
        void confirm_withAReplacedToken_isRejected() {
            fixture.given(
                            OPENED,
                            added(ADDRESS),
                            sent(ADDRESS, "old", NOW.minusSeconds(120)),
                            sent(ADDRESS, "new", NOW.minusSeconds(60)))
                    .when(new ConfirmSandboxEmail(ACCOUNT, ADDRESS, "old"))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }

        @Test
        void confirm_afterSevenDays_isRejected() {
            fixture.given(OPENED, added(ADDRESS), sent(ADDRESS, "h", NOW.minus(Duration.ofDays(7))))
                    .when(new ConfirmSandboxEmail(ACCOUNT, ADDRESS, "h"))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }

        @Test
        void confirm_twice_isRejected() {
            fixture.given(
                            OPENED,
                            added(ADDRESS),
                            sent(ADDRESS, "h", NOW.minusSeconds(60)),
                            new SandboxEmailConfirmed(ACCOUNT, ADDRESS, NOW.minusSeconds(30)))
                    .when(new ConfirmSandboxEmail(ACCOUNT, ADDRESS, "h"))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class RemoveCommand {
        @Test
        void remove_aListedAddress_isRecorded_andAnUnlistedOneRejected() {
            fixture.given(OPENED, added(ADDRESS))
                    .when(new RemoveSandboxEmail(ACCOUNT, "dev@acme.test"))
                    .expectEvents(new SandboxEmailRemoved(ACCOUNT, "dev@acme.test", NOW));
            fixture.given(OPENED, added(ADDRESS), new SandboxEmailRemoved(ACCOUNT, ADDRESS, NOW))
                    .when(new RemoveSandboxEmail(ACCOUNT, ADDRESS))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class SuppressionCommands {
        private final EmailId bounced = new EmailId("msg_1");

        @Test
        void suppress_once_thenNoMore_untilRemoved() {
            fixture.given(OPENED)
                    .when(new SuppressRecipient(
                            ACCOUNT, "gone@x.test", "hard_bounce", bounced, "hard", "mailbox_unknown"))
                    .expectResultMessagePayload(true)
                    .expectEvents(new RecipientSuppressed(
                            ACCOUNT, "gone@x.test", "hard_bounce", bounced, "hard", "mailbox_unknown", NOW));
            fixture.given(
                            OPENED,
                            new RecipientSuppressed(
                                    ACCOUNT, "gone@x.test", "hard_bounce", bounced, "hard", "mailbox_unknown", NOW))
                    .when(new SuppressRecipient(ACCOUNT, "GONE@x.test", "complaint", bounced, null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
            fixture.given(
                            OPENED,
                            new RecipientSuppressed(
                                    ACCOUNT, "gone@x.test", "hard_bounce", bounced, "hard", "mailbox_unknown", NOW))
                    .when(new RemoveSuppression(ACCOUNT, "gone@x.test"))
                    .expectEvents(new SuppressionRemoved(ACCOUNT, "gone@x.test", NOW));
            fixture.given(OPENED)
                    .when(new RemoveSuppression(ACCOUNT, "gone@x.test"))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }
    }
}
