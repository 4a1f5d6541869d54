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
import java.util.Date;
import java.util.Optional;

/**
 * Dashboard JWTs: HS256 only (the verifier refuses any other algorithm, {@code none} included),
 * issuer and audience pinned, short expiry. Claims: {@code sub} user id, {@code acct} account id
 * (absent for admins), {@code role}.
 */
public final class DashboardTokens {
    static final String ISSUER = "postject";
    static final String AUDIENCE = "postject-dashboard";

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
                        .withClaimPresence("exp"))
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
        try {
            DecodedJWT jwt = verifier.verify(token);
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
}
