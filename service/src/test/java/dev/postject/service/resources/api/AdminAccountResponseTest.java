package dev.postject.service.resources.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.projections.accounts.AccountView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdminAccountResponseTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static AccountView view(boolean paused, String metric, Double rate, Instant riskAt) {
        return new AccountView(
                "acct_1",
                "Acme",
                "production",
                "usr_1",
                "ops@acme.test",
                T0,
                "approved",
                "receipts",
                null,
                T0,
                T0,
                null,
                true,
                false,
                false,
                0,
                paused,
                paused ? "bounces" : null,
                paused ? T0 : null,
                metric,
                rate,
                rate == null ? null : 0.05,
                rate == null ? null : 400,
                riskAt);
    }

    @Test
    void anAccountWarnedAbout_showsItsLatestWarning() {
        AdminAccountResponse response = AdminAccountResponse.of(view(true, "bounce_rate", 0.06, T0.plusSeconds(5)));

        assertThat(response.sendingPaused()).isTrue();
        assertThat(response.pausedReason()).isEqualTo("bounces");
        assertThat(response.reputationAtRisk())
                .isEqualTo(
                        new AdminAccountResponse.ReputationWarning("bounce_rate", 0.06, 0.05, 400, T0.plusSeconds(5)));
    }

    @Test
    void anAccountNeverWarnedAbout_showsNoWarning() {
        AdminAccountResponse response = AdminAccountResponse.of(view(false, null, null, null));

        assertThat(response.sendingPaused()).isFalse();
        assertThat(response.pausedAt()).isNull();
        assertThat(response.reputationAtRisk()).isNull();
    }
}
