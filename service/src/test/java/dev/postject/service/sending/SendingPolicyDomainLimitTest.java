package dev.postject.service.sending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.sending.SendingPolicy.Accept;
import dev.postject.service.sending.SendingPolicy.Account;
import dev.postject.service.sending.SendingPolicy.Allowance;
import dev.postject.service.sending.SendingPolicy.DomainLimit;
import dev.postject.service.sending.SendingPolicy.Message;
import dev.postject.service.sending.SendingPolicy.Refuse;
import dev.postject.service.sending.SendingPolicy.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sender rule of an API key limited to one domain, without a database. */
class SendingPolicyDomainLimitTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final DomainLimit ACME = new DomainLimit("acme.test", true);

    private static Account production(DomainLimit limit) {
        return new Account(
                false, Set.of(), Set.of(), Set.of("acme.test", "other.test"), Allowance.unlimited(NOW), limit);
    }

    private static Verdict judge(Message message, Account account) {
        return SendingPolicy.judge(List.of(message), account).get(0);
    }

    private static String refusedCode(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Refuse.class);
        Refusal refusal = ((Refuse) verdict).refusal();
        assertThat(refusal.status()).isEqualTo(403);
        return refusal.code();
    }

    @Test
    void aSenderOnTheDomain_inAnyCase_isAccepted() {
        assertThat(judge(new Message("news@acme.test", List.of("a@example.com")), production(ACME)))
                .isInstanceOf(Accept.class);
        assertThat(judge(new Message("News@ACME.Test", List.of("a@example.com")), production(ACME)))
                .isInstanceOf(Accept.class);
    }

    @Test
    void aSenderOnAnotherVerifiedDomain_orASubdomain_orAParentDomain_isRefused() {
        for (String from :
                List.of("news@other.test", "news@mail.acme.test", "news@test", "news@acme.test.other.test")) {
            assertThat(refusedCode(judge(new Message(from, List.of("a@example.com")), production(ACME))))
                    .as(from)
                    .isEqualTo("sender_domain_not_allowed");
        }
    }

    @Test
    void anEnvelopeSenderOffTheDomain_isRefused_evenWhenFromIsOnIt() {
        Message smtp = new Message("news@acme.test", "bounces@other.test", List.of("a@example.com"));
        assertThat(refusedCode(judge(smtp, production(ACME)))).isEqualTo("sender_domain_not_allowed");
    }

    @Test
    void whileTheDomainIsNotVerified_theKeySendsNothing_evenFromAConfirmedSandboxAddress() {
        DomainLimit unverified = new DomainLimit("acme.test", false);
        assertThat(refusedCode(judge(new Message("news@acme.test", List.of("a@example.com")), production(unverified))))
                .isEqualTo("key_domain_not_verified");
        Account sandbox = new Account(
                true,
                Set.of("dev@acme.test", "a@example.com"),
                Set.of(),
                Set.of(),
                new Allowance(10, 10, NOW, NOW),
                unverified);
        assertThat(refusedCode(judge(new Message("dev@acme.test", List.of("a@example.com")), sandbox)))
                .isEqualTo("key_domain_not_verified");
    }

    @Test
    void withNoLimit_theAccountsRulesAloneDecide() {
        assertThat(judge(new Message("news@other.test", List.of("a@example.com")), production(null)))
                .isInstanceOf(Accept.class);
    }
}
