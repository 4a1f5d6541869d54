package dev.postject.service.sending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.sending.SendingPolicy.Accept;
import dev.postject.service.sending.SendingPolicy.Account;
import dev.postject.service.sending.SendingPolicy.Allowance;
import dev.postject.service.sending.SendingPolicy.Message;
import dev.postject.service.sending.SendingPolicy.Refuse;
import dev.postject.service.sending.SendingPolicy.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every send rule, one test each, without a database: the policy is a pure function. */
class SendingPolicyTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final Allowance PLENTY = new Allowance(100, 100, NOW, NOW);

    private static Account sandbox(Set<String> confirmed) {
        return new Account(true, confirmed, Set.of(), Set.of(), PLENTY);
    }

    private static Account production(Set<String> verifiedDomains, Set<String> suppressed) {
        return new Account(false, Set.of(), suppressed, verifiedDomains, Allowance.unlimited(NOW));
    }

    private static Message message(String from, String... envelope) {
        return new Message(from, List.of(envelope));
    }

    private static Verdict judge(Message message, Account account) {
        return SendingPolicy.judge(List.of(message), account).get(0);
    }

    private static AbstractThrowableAssert<?, Refusal> refusal(Verdict verdict, String code) {
        assertThat(verdict).isInstanceOf(Refuse.class);
        Refusal refusal = ((Refuse) verdict).refusal();
        assertThat(refusal.code()).isEqualTo(code);
        return assertThat(refusal);
    }

    private static List<String> skipped(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Accept.class);
        return ((Accept) verdict).skipped();
    }

    @Nested
    class TheSender {
        @Test
        void onAVerifiedDomain_isAccepted() {
            assertThat(skipped(judge(
                            message("news@acme.test", "anyone@example.com"),
                            production(Set.of("acme.test"), Set.of()))))
                    .isEmpty();
        }

        @Test
        void onAVerifiedDomain_isMatchedWhateverTheCaseOfTheAddress() {
            assertThat(judge(
                            message("News@ACME.Test", "anyone@example.com"), production(Set.of("acme.test"), Set.of())))
                    .isInstanceOf(Accept.class);
        }

        @Test
        void thatIsAConfirmedSandboxAddress_isAccepted_inSandboxMode() {
            assertThat(judge(message("Dev@Acme.test", "dev@acme.test"), sandbox(Set.of("dev@acme.test"))))
                    .isInstanceOf(Accept.class);
        }

        @Test
        void thatIsAConfirmedSandboxAddress_isRefused_inProductionMode() {
            Account account = new Account(false, Set.of("dev@acme.test"), Set.of(), Set.of(), Allowance.unlimited(NOW));

            refusal(judge(message("dev@acme.test", "anyone@example.com"), account), "sender_not_verified")
                    .satisfies(r -> assertThat(r.status()).isEqualTo(403));
        }

        @Test
        void onNoVerifiedDomain_andNotConfirmed_isRefused() {
            refusal(
                            judge(message("someone@elsewhere.test", "dev@acme.test"), sandbox(Set.of("dev@acme.test"))),
                            "sender_not_verified")
                    .satisfies(r -> assertThat(r.status()).isEqualTo(403));
        }

        @Test
        void isJudgedBeforeTheRecipients() {
            refusal(
                    judge(message("someone@elsewhere.test", "stranger@example.com"), sandbox(Set.of())),
                    "sender_not_verified");
        }
    }

    @Nested
    class SandboxRecipients {
        private final Account account = sandbox(Set.of("dev@acme.test", "qa@acme.test", "ops@acme.test"));

        @Test
        void allConfirmed_inTo_cc_and_bcc_areAccepted() {
            assertThat(skipped(
                            judge(message("dev@acme.test", "dev@acme.test", "QA@acme.test", "ops@acme.test"), account)))
                    .isEmpty();
        }

        @Test
        void anUnconfirmedRecipient_refusesTheEmail_namingIt() {
            refusal(
                            judge(message("dev@acme.test", "dev@acme.test", "stranger@example.com"), account),
                            "sandbox_recipient_not_allowed")
                    .satisfies(r -> {
                        assertThat(r.status()).isEqualTo(403);
                        assertThat(r.details()).isEqualTo(Map.of("recipients", List.of("stranger@example.com")));
                    });
        }

        @Test
        void theRefusedRecipients_areNamedOnceEach_inTheOrderGiven() {
            refusal(
                            judge(message("dev@acme.test", "b@example.com", "a@example.com", "b@example.com"), account),
                            "sandbox_recipient_not_allowed")
                    .satisfies(r -> assertThat(r.details().get("recipients"))
                            .isEqualTo(List.of("b@example.com", "a@example.com")));
        }

        @Test
        void inProductionMode_anyRecipientIsAccepted() {
            assertThat(judge(
                            message("news@acme.test", "stranger@example.com"),
                            production(Set.of("acme.test"), Set.of())))
                    .isInstanceOf(Accept.class);
        }
    }

    @Nested
    class TheDailyAllowance {
        private static final Set<String> CONFIRMED = Set.of("dev@acme.test");

        @Test
        void whenNoneIsLeft_theEmailIsRefused_untilTheOldestFreesAPlace() {
            Account account = new Account(
                    true, CONFIRMED, Set.of(), Set.of(), new Allowance(0, 200, NOW.plus(Duration.ofMinutes(10)), NOW));

            refusal(judge(message("dev@acme.test", "dev@acme.test"), account), "sandbox_limit_reached")
                    .isInstanceOfSatisfying(Refusal.RateLimited.class, r -> {
                        assertThat(r.status()).isEqualTo(429);
                        assertThat(r.retryAfterSeconds()).isEqualTo(601);
                        assertThat(r.getMessage()).isEqualTo("Sandbox accounts may send 200 emails per 24 hours.");
                    });
        }

        @Test
        void inABatch_eachAcceptedEmailUsesOne() {
            Account account = new Account(true, CONFIRMED, Set.of(), Set.of(), new Allowance(2, 200, NOW, NOW));
            Message email = message("dev@acme.test", "dev@acme.test");

            List<Verdict> verdicts = SendingPolicy.judge(List.of(email, email, email), account);

            assertThat(verdicts).extracting(Object::getClass).containsExactly(Accept.class, Accept.class, Refuse.class);
        }

        @Test
        void aRefusedEmail_usesNone() {
            Account account = new Account(true, CONFIRMED, Set.of(), Set.of(), new Allowance(1, 200, NOW, NOW));

            List<Verdict> verdicts = SendingPolicy.judge(
                    List.of(
                            message("dev@acme.test", "stranger@example.com"),
                            message("dev@acme.test", "dev@acme.test")),
                    account);

            assertThat(verdicts).extracting(Object::getClass).containsExactly(Refuse.class, Accept.class);
        }

        @Test
        void doesNotLimitProductionMode() {
            Account account =
                    new Account(false, Set.of(), Set.of(), Set.of("acme.test"), new Allowance(0, 200, NOW, NOW));

            assertThat(judge(message("news@acme.test", "anyone@example.com"), account))
                    .isInstanceOf(Accept.class);
        }
    }

    @Nested
    class Suppressions {
        @Test
        void suppressedRecipients_areSkipped_andTheRestAccepted() {
            Account account = production(Set.of("acme.test"), Set.of("gone@example.com"));

            assertThat(skipped(judge(message("news@acme.test", "Gone@Example.com", "here@example.com"), account)))
                    .containsExactly("Gone@Example.com");
        }

        @Test
        void whenEveryRecipientIsSuppressed_theEmailIsRefused() {
            Account account = production(Set.of("acme.test"), Set.of("gone@example.com", "left@example.com"));

            refusal(
                            judge(message("news@acme.test", "gone@example.com", "left@example.com"), account),
                            "recipients_suppressed")
                    .satisfies(r -> {
                        assertThat(r.status()).isEqualTo(422);
                        assertThat(r.field()).isEqualTo("to");
                    });
        }

        @Test
        void apply_inSandboxMode_too() {
            Account account = new Account(
                    true, Set.of("dev@acme.test", "qa@acme.test"), Set.of("qa@acme.test"), Set.of(), PLENTY);

            assertThat(skipped(judge(message("dev@acme.test", "dev@acme.test", "qa@acme.test"), account)))
                    .containsExactly("qa@acme.test");
        }
    }

    @Nested
    class OneStepAtATime {
        @Test
        void anEnvelopeSenderOfItsOwn_mustPassTheSenderRuleToo() {
            Account account = production(Set.of("acme.test"), Set.of());

            refusal(
                    judge(new Message("news@acme.test", "bounces@elsewhere.test", List.of("a@example.com")), account),
                    "sender_not_verified");
            assertThat(judge(new Message("news@acme.test", "bounces@acme.test", List.of("a@example.com")), account))
                    .isInstanceOf(Accept.class);
        }

        @Test
        void theSender_isJudgedByTheSameRuleAsAWholeEmail() {
            Account account = sandbox(Set.of("dev@acme.test"));

            assertThat(SendingPolicy.judgeSender("Dev@Acme.test", account)).isEmpty();
            assertThat(SendingPolicy.judgeSender("other@acme.test", account))
                    .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("sender_not_verified"));
            assertThat(SendingPolicy.judgeSender("news@acme.test", production(Set.of("acme.test"), Set.of())))
                    .isEmpty();
        }

        @Test
        void theAllowance_refusesOnlyASandboxAccountWithNoneLeft() {
            Allowance none = new Allowance(0, 200, NOW.plus(Duration.ofMinutes(10)), NOW);

            assertThat(SendingPolicy.judgeAllowance(new Account(true, Set.of(), Set.of(), Set.of(), none)))
                    .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("sandbox_limit_reached"));
            assertThat(SendingPolicy.judgeAllowance(new Account(false, Set.of(), Set.of(), Set.of(), none)))
                    .isEmpty();
            assertThat(SendingPolicy.judgeAllowance(sandbox(Set.of()))).isEmpty();
        }

        @Test
        void aRecipientThatIsNotConfirmed_isRefusedInSandboxMode_namingIt() {
            SendingPolicy.RecipientVerdict verdict =
                    SendingPolicy.judgeRecipient("stranger@example.com", sandbox(Set.of("dev@acme.test")));

            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.refusal().code()).isEqualTo("sandbox_recipient_not_allowed");
            assertThat(verdict.refusal().details()).containsEntry("recipients", List.of("stranger@example.com"));
            assertThat(SendingPolicy.judgeRecipient("Dev@ACME.test", sandbox(Set.of("dev@acme.test")))
                            .allowed())
                    .isTrue();
        }

        @Test
        void aSuppressedRecipient_isAllowedButMarkedSuppressed() {
            Account account = production(Set.of("acme.test"), Set.of("gone@example.com"));

            assertThat(SendingPolicy.judgeRecipient("Gone@Example.com", account))
                    .isEqualTo(new SendingPolicy.RecipientVerdict(null, true));
            assertThat(SendingPolicy.judgeRecipient("here@example.com", account))
                    .isEqualTo(new SendingPolicy.RecipientVerdict(null, false));
        }
    }
}
