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

    private static String signed(Instant issuedAt, Instant expiresAt) {
        com.auth0.jwt.JWTCreator.Builder builder = JWT.create()
                .withIssuer("postject")
                .withAudience("postject-dashboard")
                .withSubject("usr_1")
                .withClaim("acct", "acct_1")
                .withClaim("role", "user")
                .withExpiresAt(Date.from(expiresAt));
        if (issuedAt != null) {
            builder.withIssuedAt(Date.from(issuedAt));
        }
        return builder.sign(Algorithm.HMAC256(SECRET));
    }

    @Test
    void aTokenSignedHereWithinTheTtl_isAccepted() {
        assertThat(tokens.verify(signed(NOW.minusSeconds(60), NOW.plusSeconds(59 * 60))))
                .isPresent();
        assertThat(tokens.verify(signed(NOW.plusSeconds(10), NOW.plusSeconds(10 + 60 * 60))))
                .as("issued by a node whose clock is 10 s ahead")
                .isPresent();
    }

    @Test
    void paddedOrOtherwiseNonCanonicalBase64_isRefused_inAnyPart() {
        String token = tokens.issue("usr_1", "acct_1", Role.USER).token();
        String[] parts = token.split("\\.");
        assertThat(tokens.verify(token)).isPresent();

        assertThat(tokens.verify(token + "=")).as("padded signature").isEmpty();
        assertThat(tokens.verify(token + "==")).isEmpty();
        assertThat(tokens.verify(parts[0] + "=." + parts[1] + "." + parts[2]))
                .as("padded header")
                .isEmpty();
        assertThat(tokens.verify(parts[0] + "." + parts[1] + "=." + parts[2]))
                .as("padded payload")
                .isEmpty();
        assertThat(tokens.verify(parts[0] + "." + parts[1] + "." + withUnusedBitSet(parts[2])))
                .as("the same signature bytes, spelled differently")
                .isEmpty();
    }

    @Test
    void whitespaceOrExtraDots_areRefused() {
        String token = tokens.issue("usr_1", "acct_1", Role.USER).token();
        String[] parts = token.split("\\.");

        for (String loose : java.util.List.of(
                " " + token,
                token + " ",
                token + "\n",
                parts[0] + ". " + parts[1] + "." + parts[2],
                token + ".",
                "." + token,
                parts[0] + ".." + parts[1] + "." + parts[2],
                token + "." + parts[2],
                parts[0] + "." + parts[1] + ".",
                "")) {
            assertThat(tokens.verify(loose)).as("[%s]", loose).isEmpty();
        }
    }

    @Test
    void aTokenLivingLongerThanTheTtl_isRefused_evenWhileItsClaimsHold() {
        assertThat(tokens.verify(signed(NOW.minusSeconds(60), NOW.plus(Duration.ofHours(2)))))
                .isEmpty();
        assertThat(tokens.verify(signed(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365)))))
                .isEmpty();
    }

    @Test
    void aTokenIssuedInTheFuture_beyondTheClockSkew_isRefused() {
        assertThat(tokens.verify(signed(NOW.plus(Duration.ofMinutes(5)), NOW.plus(Duration.ofMinutes(30)))))
                .isEmpty();
    }

    @Test
    void aTokenWithoutIssuedAt_isRefused() {
        assertThat(tokens.verify(signed(null, NOW.plus(Duration.ofMinutes(30)))))
                .isEmpty();
    }

    /** The last character of a 32-byte value has two unused bits: setting one keeps the same bytes. */
    private static String withUnusedBitSet(String part) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(part.charAt(part.length() - 1));
        String loose = part.substring(0, part.length() - 1) + alphabet.charAt(last ^ 1);
        assertThat(Base64.getUrlDecoder().decode(loose))
                .isEqualTo(Base64.getUrlDecoder().decode(part));
        return loose;
    }
}
