package dev.postject.service.auth;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.UserId;
import dev.postject.service.account.OpenAccount;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.limits.OwnMailLimits;
import dev.postject.service.platform.limits.RateLimiter;
import dev.postject.service.platform.text.Ids;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;

/**
 * Sign-up, login and platform admins. Credentials live in the {@code users} table, never in the
 * ledger; opening the account is a command, committed in the same transaction as the user row.
 */
public final class DashboardAuth {
    private final Jdbi jdbi;
    private final Transactions transactions;
    private final CommandGateway commands;
    private final DashboardTokens tokens;
    private final LoginThrottle throttle;
    private final OwnMailLimits ownMail;
    private final Clock clock;

    public record SignedUp(String accountId, String userId, DashboardTokens.Issued session) {}

    private record Credentials(String userId, String passwordHash, String role, String accountId) {}

    public DashboardAuth(
            Jdbi jdbi,
            Transactions transactions,
            CommandGateway commands,
            DashboardTokens tokens,
            RateLimiter limiter,
            OwnMailLimits ownMail,
            Clock clock) {
        this.jdbi = jdbi;
        this.transactions = transactions;
        this.commands = commands;
        this.tokens = tokens;
        this.throttle = new LoginThrottle(limiter);
        this.ownMail = ownMail;
        this.clock = clock;
    }

    /** Counts the attempt against its client address first (before the costly hash), then opens the account. */
    public SignedUp signUp(String email, String password, String accountName) {
        ownMail.countSignUp(RequestContext.currentClientIp());
        String passwordHash = Passwords.hash(password);
        UserId userId = new UserId(Ids.newId(UserId.PREFIX));
        AccountId accountId = new AccountId(Ids.newId(AccountId.PREFIX));
        transactions.inTransaction(() -> {
            if (!insertUser(jdbi, clock, userId.value(), email, passwordHash, Role.USER, accountId.value())) {
                throw new Refusal.Conflict("email_taken", "An account with this email already exists.");
            }
            RequestContext.authenticatedAs(new Actor(Actor.Type.USER, userId.value()));
            return commands.sendAndWait(new OpenAccount(accountId, accountName.strip(), userId, email));
        });
        return new SignedUp(
                accountId.value(), userId.value(), tokens.issue(userId.value(), accountId.value(), Role.USER));
    }

    public DashboardTokens.Issued logIn(String email, String password) {
        String key = email.strip().toLowerCase(Locale.ROOT);
        throttle.countAttempt(key);
        Optional<Credentials> user = jdbi.withHandle(h -> h.createQuery(
                        "SELECT user_id, password_hash, role, account_id FROM users WHERE lower(email) = :email")
                .bind("email", key)
                .map((rs, ctx) -> new Credentials(
                        rs.getString("user_id"),
                        rs.getString("password_hash"),
                        rs.getString("role"),
                        rs.getString("account_id")))
                .findOne());
        boolean valid;
        if (user.isPresent()) {
            valid = Passwords.matches(password, user.get().passwordHash());
        } else {
            Passwords.burnOneVerification(password);
            valid = false;
        }
        if (!valid) {
            throw new Refusal.Unauthorized("invalid_credentials", "Wrong email or password.");
        }
        throttle.succeeded(key);
        Credentials credentials = user.get();
        return tokens.issue(credentials.userId(), credentials.accountId(), Role.fromWireName(credentials.role()));
    }

    /** Creates a platform admin; false when the email is already taken. */
    public static boolean createAdmin(Jdbi jdbi, Clock clock, String email, String password) {
        return insertUser(jdbi, clock, Ids.newId(UserId.PREFIX), email, Passwords.hash(password), Role.ADMIN, null);
    }

    private static boolean insertUser(
            Jdbi jdbi, Clock clock, String userId, String email, String passwordHash, Role role, String accountId) {
        return jdbi.withHandle(h -> h.createUpdate(
                                "INSERT INTO users (user_id, email, password_hash, role, account_id, created_at)"
                                        + " VALUES (:userId, :email, :hash, :role, :accountId, :createdAt)"
                                        + " ON CONFLICT ((lower(email))) DO NOTHING")
                        .bind("userId", userId)
                        .bind("email", email.strip())
                        .bind("hash", passwordHash)
                        .bind("role", role.wireName())
                        .bind("accountId", accountId)
                        .bind("createdAt", clock.instant())
                        .execute())
                == 1;
    }
}
