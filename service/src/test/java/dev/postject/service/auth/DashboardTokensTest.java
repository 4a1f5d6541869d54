package dev.postject.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.postject.events.Actor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;

class DashboardTokensTest {
    private static final byte[] SECRET = "a-test-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private final DashboardTokens tokens =
            new DashboardTokens(SECRET, Duration.ofMinutes(60), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void issuedUserToken_namesTheUserAndAccount_andExpiresAfterTheTtl() {
        DashboardTokens.Issued issued = tokens.issue("usr_1", "acct_1", Role.USER);

        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(60)));
        Caller caller = tokens.verify(issued.token()).orElseThrow();
        assertThat(caller.actor()).isEqualTo(new Actor(Actor.Type.USER, "usr_1"));
        assertThat(caller.accountId().value()).isEqualTo("acct_1");
    }

    @Test
    void adminToken_carriesTheAdminRole_andNoAccount() {
        Caller caller =
                tokens.verify(tokens.issue("usr_9", null, Role.ADMIN).token()).orElseThrow();

        assertThat(caller.actor().type()).isEqualTo(Actor.Type.ADMIN);
        assertThat(caller.accountId()).isNull();
    }

    @Test
    void expiredToken_isRefused() {
        String token = tokens.issue("usr_1", "acct_1", Role.USER).token();
        DashboardTokens later = new DashboardTokens(
                SECRET, Duration.ofMinutes(60), Clock.fixed(NOW.plus(Duration.ofMinutes(61)), ZoneOffset.UTC));

        assertThat(later.verify(token)).isEmpty();
    }

    @Test
    void tokenSignedWithAnotherSecret_isRefused() {
        DashboardTokens other = new DashboardTokens(
                "another-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(60),
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(tokens.verify(other.issue("usr_1", "acct_1", Role.USER).token()))
                .isEmpty();
    }

    @Test
    void unsignedToken_withAlgorithmNone_isRefused() {
        String token = JWT.create()
                .withIssuer("postject")
                .withAudience("postject-dashboard")
                .withSubject("usr_1")
                .withClaim("acct", "acct_1")
                .withClaim("role", "admin")
                .withExpiresAt(Date.from(NOW.plusSeconds(600)))
                .sign(Algorithm.none());

        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void tokenWithATamperedRole_isRefused() {
        String[] parts = tokens.issue("usr_1", "acct_1", Role.USER).token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"role\":\"user\"", "\"role\":\"admin\"");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];

        assertThat(tokens.verify(forged)).isEmpty();
    }

    @Test
    void tokenForAnotherAudienceOrIssuer_isRefused() {
        Algorithm hmac = Algorithm.HMAC256(SECRET);
        String otherAudience = JWT.create()
                .withIssuer("postject")
                .withAudience("elsewhere")
                .withSubject("usr_1")
                .withClaim("acct", "acct_1")
                .withClaim("role", "user")
                .withExpiresAt(Date.from(NOW.plusSeconds(600)))
                .sign(hmac);
        String otherIssuer = JWT.create()
                .withIssuer("someone")
                .withAudience("postject-dashboard")
                .withSubject("usr_1")
                .withClaim("acct", "acct_1")
                .withClaim("role", "user")
                .withExpiresAt(Date.from(NOW.plusSeconds(600)))
                .sign(hmac);

        assertThat(tokens.verify(otherAudience)).isEmpty();
        assertThat(tokens.verify(otherIssuer)).isEmpty();
        assertThat(tokens.verify("not-a-jwt")).isEmpty();
    }
}
