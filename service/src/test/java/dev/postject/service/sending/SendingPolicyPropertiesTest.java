package dev.postject.service.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.postject.service.platform.text.Addresses;
import dev.postject.service.sending.SendingPolicy.Accept;
import dev.postject.service.sending.SendingPolicy.Account;
import dev.postject.service.sending.SendingPolicy.Allowance;
import dev.postject.service.sending.SendingPolicy.Message;
import dev.postject.service.sending.SendingPolicy.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The send rules over random emails: random to, cc and bcc lists drawn from a few addresses
 * (written in any case), a random part of them confirmed, suppressed, or both.
 */
class SendingPolicyPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final List<String> POOL = List.of(
            "dev@acme.test", "qa@acme.test", "ops@acme.test", "stranger@example.com", "other@example.org", "x@y.test");

    /** One email and the account it is sent from. */
    record Case(Message message, Account account) {}

    /** An address of the pool, in its own case or upper-cased. */
    private static final Gen<String> ADDRESS = Generate.pick(POOL)
            .zip(booleans().all(), (address, upper) -> upper ? address.toUpperCase(Locale.ROOT) : address);

    /** A part of the pool's comparison keys. */
    private static final Gen<Set<String>> KEYS =
            lists().of(Generate.pick(POOL)).ofSizeBetween(0, POOL.size()).map((List<String> keys) -> Set.copyOf(keys));

    private static final Gen<List<String>> LIST = lists().of(ADDRESS).ofSizeBetween(0, 4);

    private static final Gen<Case> SANDBOX_CASE = in -> {
        List<String> envelope =
                new ArrayList<>(lists().of(ADDRESS).ofSizeBetween(1, 4).generate(in));
        envelope.addAll(LIST.generate(in));
        envelope.addAll(LIST.generate(in));
        Allowance allowance = new Allowance(integers().between(0, 3).generate(in), 3, NOW, NOW);
        return new Case(
                new Message(ADDRESS.generate(in), envelope),
                new Account(true, KEYS.generate(in), KEYS.generate(in), Set.of(), allowance));
    };

    @Test
    void inSandboxMode_noUnconfirmedAddressIsEverAccepted() {
        qt().forAll(SANDBOX_CASE).checkAssert(SendingPolicyPropertiesTest::noUnconfirmedAddressIsAccepted);
    }

    private static void noUnconfirmedAddressIsAccepted(Case sent) {
        Verdict verdict =
                SendingPolicy.judge(List.of(sent.message()), sent.account()).get(0);

        if (verdict instanceof Accept) {
            assertThat(sent.message().envelope())
                    .allSatisfy(
                            address -> assertThat(sent.account().confirmed()).contains(Addresses.key(address)));
            assertThat(sent.account().confirmed())
                    .contains(Addresses.key(sent.message().from()));
        }
    }

    @Test
    void suppressedRecipients_areAlwaysSkipped_andNeverAllOfThem() {
        qt().forAll(SANDBOX_CASE).checkAssert(SendingPolicyPropertiesTest::suppressedAreSkippedButNeverAll);
    }

    private static void suppressedAreSkippedButNeverAll(Case sent) {
        Verdict verdict =
                SendingPolicy.judge(List.of(sent.message()), sent.account()).get(0);

        if (verdict instanceof Accept accept) {
            List<String> suppressedInEnvelope = sent.message().envelope().stream()
                    .filter(address -> sent.account().suppressed().contains(Addresses.key(address)))
                    .toList();
            assertThat(accept.skipped()).containsExactlyElementsOf(suppressedInEnvelope);
            assertThat(accept.skipped())
                    .hasSizeLessThan(sent.message().envelope().size());
        }
    }

    @Test
    void anEmailWhoseRecipientsAreAllSuppressed_isNeverAccepted() {
        qt().forAll(SANDBOX_CASE).checkAssert(SendingPolicyPropertiesTest::allSuppressedIsRefused);
    }

    private static void allSuppressedIsRefused(Case sent) {
        Set<String> everyone =
                sent.message().envelope().stream().map(Addresses::key).collect(Collectors.toSet());
        Account allSuppressed = new Account(
                false,
                Set.of(),
                everyone,
                Set.of(Addresses.domainOf(sent.message().from())),
                sent.account().allowance());

        assertThat(SendingPolicy.judge(List.of(sent.message()), allSuppressed).get(0))
                .isNotInstanceOf(Accept.class);
    }

    @Test
    void inSandboxMode_aBatchNeverGoesPastTheAllowance() {
        qt().forAll(SANDBOX_CASE, SANDBOX_CASE, SANDBOX_CASE)
                .checkAssert(SendingPolicyPropertiesTest::batchStaysWithinTheAllowance);
    }

    private static void batchStaysWithinTheAllowance(Case first, Case second, Case third) {
        List<Verdict> verdicts =
                SendingPolicy.judge(List.of(first.message(), second.message(), third.message()), first.account());

        assertThat(verdicts.stream().filter(Accept.class::isInstance).count())
                .isLessThanOrEqualTo(first.account().allowance().remaining());
    }
}
