package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.AccountSendingPaused;
import dev.postject.events.AccountSendingResumed;
import dev.postject.events.UserId;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SendingPauseTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private static final AccountOpened OPENED =
            new AccountOpened(ACCOUNT, "Acme", new UserId("usr_1"), "ops@acme.test", NOW.minusSeconds(3600));
    private static final AccountSendingPaused PAUSED =
            new AccountSendingPaused(ACCOUNT, "Bounce rate 9%", NOW.minusSeconds(60));

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Nested
    class PauseSendingCommand {
        @Test
        void pauseSending_recordsThePause_withItsReasonStripped() {
            fixture.given(OPENED)
                    .when(new PauseSending(ACCOUNT, "  Bounce rate 9%, list looks purchased \n"))
                    .expectEvents(new AccountSendingPaused(ACCOUNT, "Bounce rate 9%, list looks purchased", NOW));
        }

        @Test
        void pauseSending_whenAlreadyPaused_isRejected() {
            fixture.given(OPENED, PAUSED)
                    .when(new PauseSending(ACCOUNT, "again"))
                    .expectException(Refusal.Conflict.class)
                    .expectExceptionMessage("Sending is already paused for this account; resume it first.")
                    .expectNoEvents();
        }

        @Test
        void pauseSending_afterAResume_recordsANewPause() {
            fixture.given(OPENED, PAUSED, new AccountSendingResumed(ACCOUNT, NOW.minusSeconds(30)))
                    .when(new PauseSending(ACCOUNT, "complaints"))
                    .expectEvents(new AccountSendingPaused(ACCOUNT, "complaints", NOW));
        }

        @Test
        void pauseSending_withoutAReason_isRejected() {
            for (String reason : new String[] {null, "", "   "}) {
                fixture.given(OPENED)
                        .when(new PauseSending(ACCOUNT, reason))
                        .expectException(Refusal.Invalid.class)
                        .expectExceptionMessage("A pause needs a reason the account's owner can read.")
                        .expectNoEvents();
            }
        }

        @Test
        void pauseSending_withAReasonTooLong_isRejected() {
            fixture.given(OPENED)
                    .when(new PauseSending(ACCOUNT, "x".repeat(SendingPause.MAX_REASON + 1)))
                    .expectException(Refusal.Invalid.class)
                    .expectNoEvents();
            fixture.given(OPENED)
                    .when(new PauseSending(ACCOUNT, "x".repeat(SendingPause.MAX_REASON)))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void pauseSending_withControlCharactersInTheReason_isRejected() {
            for (String reason :
                    new String[] {"bounces\r\nBcc: x@evil.test", "tab\there", "nul\u0000", "esc\u001b[31m"}) {
                fixture.given(OPENED)
                        .when(new PauseSending(ACCOUNT, reason))
                        .expectException(Refusal.Invalid.class)
                        .expectExceptionMessage("A reason is one line of text, without control characters.")
                        .expectNoEvents();
            }
        }
    }

    @Nested
    class ResumeSendingCommand {
        @Test
        void resumeSending_ofAPausedAccount_recordsTheResume() {
            fixture.given(OPENED, PAUSED)
                    .when(new ResumeSending(ACCOUNT))
                    .expectEvents(new AccountSendingResumed(ACCOUNT, NOW));
        }

        @Test
        void resumeSending_whenNotPaused_isRejected() {
            fixture.given(OPENED)
                    .when(new ResumeSending(ACCOUNT))
                    .expectException(Refusal.Conflict.class)
                    .expectExceptionMessage("Sending is not paused for this account.")
                    .expectNoEvents();
            fixture.given(OPENED, PAUSED, new AccountSendingResumed(ACCOUNT, NOW.minusSeconds(30)))
                    .when(new ResumeSending(ACCOUNT))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
        }
    }
}
