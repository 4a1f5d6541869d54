package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts cannot be farmed: sign-ups per client IP are limited; here with the shipped default. */
class SignupLimitsTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase().withShippedLimits("signupsPerIpPerHour");

    private static Reply signUp(String email) {
        return APP.api()
                .post(
                        "/v1/auth/signup",
                        null,
                        Api.json(Map.of("email", email, "password", Api.Session.PASSWORD, "accountName", "Farm")));
    }

    @Test
    void oneClientIp_opensAtMostTenAccountsAnHour_alsoWhenItSignsUpInParallel() {
        List<Reply> signUps = Parallel.replies(14, i -> signUp("farmed" + i + "@example.com"));

        assertThat(signUps).filteredOn(r -> r.status() == 201).hasSize(10);
        List<Reply> refused = signUps.stream().filter(r -> r.status() == 429).toList();
        assertThat(refused).hasSize(4).allSatisfy(r -> {
            assertThat(r.errorCode()).isEqualTo("too_many_signups");
            assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(3600L - 120, 3601L);
        });
        Reply next = signUp("farmed-next@example.com");
        assertThat(next.status()).isEqualTo(429);

        APP.clock().advance(Duration.ofSeconds(Long.parseLong(next.header("Retry-After"))));

        assertThat(signUp("farmed-next@example.com").status()).isEqualTo(201);
    }
}
