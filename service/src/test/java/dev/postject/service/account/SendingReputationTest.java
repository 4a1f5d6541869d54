package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.ProductionAccessApproved;
import dev.postject.events.SendingReputationAtRisk;
import dev.postject.events.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SendingReputationTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private static final AccountOpened OPENED =
            new AccountOpened(ACCOUNT, "Acme", new UserId("usr_1"), "ops@acme.test", NOW);
    private static final ProductionAccessApproved APPROVED = new ProductionAccessApproved(ACCOUNT, NOW);

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static RecordReputationAtRisk bounces(double rate) {
        return new RecordReputationAtRisk(ACCOUNT, SendingReputationAtRisk.BOUNCE_RATE, rate, 0.05, 200, NOW);
    }

    @Nested
    class RecordReputationAtRiskCommand {
        @Test
        void recordReputationAtRisk_ofAProductionAccount_recordsTheWarning() {
            fixture.given(OPENED, APPROVED)
                    .when(bounces(0.06))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(true)
                    .expectEvents(new SendingReputationAtRisk(
                            ACCOUNT, SendingReputationAtRisk.BOUNCE_RATE, 0.06, 0.05, 200, NOW));
        }

        @Test
        void recordReputationAtRisk_ofAComplaintRate_recordsIt() {
            fixture.given(OPENED, APPROVED)
                    .when(new RecordReputationAtRisk(
                            ACCOUNT, SendingReputationAtRisk.COMPLAINT_RATE, 0.004, 0.003, 1000, NOW))
                    .expectEvents(new SendingReputationAtRisk(
                            ACCOUNT, SendingReputationAtRisk.COMPLAINT_RATE, 0.004, 0.003, 1000, NOW));
        }

        @Test
        void recordReputationAtRisk_ofASandboxAccount_recordsNothing() {
            fixture.given(OPENED)
                    .when(bounces(0.5))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void recordReputationAtRisk_ofAnUnknownMetric_isRejected() {
            fixture.given(OPENED, APPROVED)
                    .when(new RecordReputationAtRisk(ACCOUNT, "open_rate", 0.5, 0.1, 200, NOW))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }
    }
}
