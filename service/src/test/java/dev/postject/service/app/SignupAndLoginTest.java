package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignupAndLoginTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static Api api() {
        return APP.api();
    }

    private static Reply signUp(String email, String password, String accountName) {
        return api().post(
                        "/v1/auth/signup",
                        null,
                        Api.json(Map.of("email", email, "password", password, "accountName", accountName)));
    }

    private static Reply logIn(String email, String password) {
        return api().post("/v1/auth/login", null, Api.json(Map.of("email", email, "password", password)));
    }

    @Test
    void signUp_opensASandboxAccount_andReturnsADashboardSession() {
        Reply reply = signUp("grace@example.com", "a long enough password", "Grace Labs");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("accountId").asText()).startsWith("acct_");
        assertThat(reply.json().get("userId").asText()).startsWith("usr_");
        Instant expiresAt = Instant.parse(reply.json().get("expiresAt").asText());
        assertThat(expiresAt)
                .isBetween(
                        APP.clock().instant().plus(Duration.ofMinutes(59)),
                        APP.clock().instant().plus(Duration.ofMinutes(61)));

        Reply account = api().get("/v1/account", reply.json().get("token").asText());
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.json().get("id").asText())
                .isEqualTo(reply.json().get("accountId").asText());
        assertThat(account.json().get("name").asText()).isEqualTo("Grace Labs");
        assertThat(account.json().get("mode").asText()).isEqualTo("sandbox");
        assertThat(account.json().get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void signUp_withATakenEmail_inAnyCase_is409_andOpensNothing() {
        signUp("taken@example.com", "a long enough password", "First");

        Reply again = signUp("TAKEN@Example.com", "another long password", "Second");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("email_taken");
        assertThat(logIn("taken@example.com", "another long password").status()).isEqualTo(401);
    }

    @Test
    void signUp_withInvalidInput_is422_namingTheField() {
        Map<String, Reply> cases = Map.of(
                "email", signUp("not-an-email", "a long enough password", "X"),
                "password", signUp("short@example.com", "short", "X"),
                "accountName", signUp("noname@example.com", "a long enough password", " "));
        cases.forEach((field, reply) -> {
            assertThat(reply.status()).as(field).isEqualTo(422);
            assertThat(reply.json().get("error").get("field").asText())
                    .as(field)
                    .isEqualTo(field);
        });
        assertThat(logIn("short@example.com", "short").status()).isEqualTo(401);
    }

    @Test
    void passwords_areStoredAsArgon2idHashes() {
        signUp("hashed@example.com", "a long enough password", "Hashed");

        String stored = Jdbi.create(databaseUrl(), TestPostgres.USER, "")
                .withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE email = 'hashed@example.com'")
                        .mapTo(String.class)
                        .one());

        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("a long enough password");
    }

    @Test
    void logIn_withTheRightPassword_returnsAToken_andAWrongOneIs401() {
        signUp("login@example.com", "a long enough password", "Login");

        Reply ok = logIn("Login@Example.com", "a long enough password");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(api().get("/v1/account", ok.json().get("token").asText()).status())
                .isEqualTo(200);

        Reply wrong = logIn("login@example.com", "not the password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
        Reply unknown = logIn("nobody@example.com", "not the password");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.errorCode()).isEqualTo("invalid_credentials");
    }

    @Test
    void tenFailedLogins_blockFurtherAttempts_evenWithTheRightPassword_for15Minutes() {
        Session session = api().signUp("throttled@example.com");
        for (int i = 0; i < 10; i++) {
            assertThat(logIn(session.email(), "wrong password " + i).status()).isEqualTo(401);
        }

        Reply blocked = logIn(session.email(), Session.PASSWORD);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.errorCode()).isEqualTo("too_many_login_attempts");
        long retryAfter = Long.parseLong(blocked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 15 * 60L + 1);
        assertThat(logIn("someone-else@example.com", "whatever password").status())
                .as("other emails are not blocked")
                .isEqualTo(401);

        APP.clock().advance(Duration.ofSeconds(retryAfter));

        assertThat(logIn(session.email(), Session.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void twentyFiveParallelWrongPasswords_getAtMostTen401s_theRest429_andThenEvenTheRightOneWaits() {
        Session session = api().signUp("parallel-guesses@example.com");

        List<Reply> guesses = Parallel.replies(25, i -> logIn(session.email(), "wrong password " + i));

        assertThat(guesses).extracting(Reply::status).containsOnly(401, 429);
        assertThat(guesses).filteredOn(r -> r.status() == 401).hasSizeLessThanOrEqualTo(10);
        assertThat(guesses).filteredOn(r -> r.status() == 429).allSatisfy(r -> {
            assertThat(r.errorCode()).isEqualTo("too_many_login_attempts");
            assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 15 * 60L + 1);
        });
        Reply rightOne = logIn(session.email(), Session.PASSWORD);
        assertThat(rightOne.status()).isEqualTo(429);

        APP.clock().advance(Duration.ofSeconds(Long.parseLong(rightOne.header("Retry-After"))));

        assertThat(logIn(session.email(), Session.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void expiredDashboardToken_is401() {
        Session session = api().signUp("expiring@example.com");

        APP.clock().advance(Duration.ofMinutes(61));

        Reply reply = api().get("/v1/account", session.token());
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"postject\"");
    }

    private static String databaseUrl() {
        return APP.databaseUrl();
    }
}
