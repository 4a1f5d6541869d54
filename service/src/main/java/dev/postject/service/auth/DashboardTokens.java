package dev.postject.service.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Dashboard JWTs: HS256 only (the verifier refuses any other algorithm, {@code none} included),
 * issuer and audience pinned, short expiry. Claims: {@code sub} user id, {@code acct} account id
 * (absent for admins), {@code role}, {@code iat}, {@code exp}.
 *
 * <p>Parsed strictly: exactly three parts in canonical unpadded base64url (no {@code =}, no
 * whitespace, no unused bits set, so one token has one spelling), and a lifetime that the
 * configured TTL bounds whatever the claims say: {@code exp - iat} at most the TTL, {@code iat} not
 * later than now plus {@link #CLOCK_SKEW}.
 */
public final class DashboardTokens {
    static final String ISSUER = "postject";
    static final String AUDIENCE = "postject-dashboard";

    /** How far another node's clock may run ahead of this one's when it issues a token. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Far above any token Postject issues; a longer one is refused before it is decoded. */
    static final int MAX_LENGTH = 4096;

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Algorithm algorithm;
    private final Duration ttl;
    private final Clock clock;
    private final JWTVerifier verifier;

    public record Issued(String token, Instant expiresAt) {}

    public DashboardTokens(byte[] secret, Duration ttl, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.ttl = ttl;
        this.clock = clock;
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
                        .withIssuer(ISSUER)
                        .withAudience(AUDIENCE)
                        .withClaimPresence("role")
                        .withClaimPresence("iat")
                        .withClaimPresence("exp")
                        .acceptIssuedAt(CLOCK_SKEW.toSeconds()))
                .build(clock);
    }

    public Issued issue(String userId, String accountId, Role role) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl);
        String token = JWT.create()
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .withSubject(userId)
                .withClaim("acct", accountId)
                .withClaim("role", role.wireName())
                .withIssuedAt(Date.from(now))
                .withExpiresAt(Date.from(expiresAt))
                .sign(algorithm);
        return new Issued(token, expiresAt);
    }

    /** The caller a valid token names; empty for anything forged, expired or malformed. */
    public Optional<Caller> verify(String token) {
        if (!isCanonical(token)) {
            return Optional.empty();
        }
        try {
            DecodedJWT jwt = verifier.verify(token);
            if (Duration.between(jwt.getIssuedAtAsInstant(), jwt.getExpiresAtAsInstant())
                            .compareTo(ttl)
                    > 0) {
                return Optional.empty();
            }
            Role role = Role.fromWireName(jwt.getClaim("role").asString());
            String accountId = jwt.getClaim("acct").asString();
            if (role == Role.ADMIN) {
                return Optional.of(Caller.admin(jwt.getSubject()));
            }
            if (accountId == null || jwt.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(Caller.user(jwt.getSubject(), accountId));
        } catch (JWTVerificationException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Three non-empty parts, each the one base64url spelling of its bytes. */
    static boolean isCanonical(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return false;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches() || part.length() % 4 == 1) {
                return false;
            }
            if (!BASE64URL.encodeToString(Base64.getUrlDecoder().decode(part)).equals(part)) {
                return false;
            }
        }
        return true;
    }
}
