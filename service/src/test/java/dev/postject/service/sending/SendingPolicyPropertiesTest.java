package dev.postject.service.sending;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Provide
    Arbitrary<String> address() {
        return Combinators.combine(Arbitraries.of(POOL), Arbitraries.of(false, true))
                .as((address, upper) -> upper ? address.toUpperCase(Locale.ROOT) : address);
    }

    @Provide
    Arbitrary<Set<String>> keys() {
        return Arbitraries.of(POOL).set().ofMaxSize(POOL.size());
    }

    @Provide
    Arbitrary<Case> sandboxCase() {
        Arbitrary<List<String>> list = address().list().ofMaxSize(4);
        return Combinators.combine(
                        address(),
                        address().list().ofMinSize(1).ofMaxSize(4),
                        list,
                        list,
                        keys(),
                        keys(),
                        Arbitraries.integers().between(0, 3))
                .as((from, to, cc, bcc, confirmed, suppressed, remaining) -> {
                    List<String> envelope = new ArrayList<>(to);
                    envelope.addAll(cc);
                    envelope.addAll(bcc);
                    return new Case(
                            new Message(from, envelope),
                            new Account(true, confirmed, suppressed, Set.of(), new Allowance(remaining, 3, NOW, NOW)));
                });
    }

    @Property
    void inSandboxMode_noUnconfirmedAddressIsEverAccepted(@ForAll("sandboxCase") Case sent) {
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

    @Property
    void suppressedRecipients_areAlwaysSkipped_andNeverAllOfThem(@ForAll("sandboxCase") Case sent) {
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

    @Property
    void anEmailWhoseRecipientsAreAllSuppressed_isNeverAccepted(@ForAll("sandboxCase") Case sent) {
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

    @Property
    void inSandboxMode_aBatchNeverGoesPastTheAllowance(
            @ForAll("sandboxCase") Case first, @ForAll("sandboxCase") Case second, @ForAll("sandboxCase") Case third) {
        List<Verdict> verdicts =
                SendingPolicy.judge(List.of(first.message(), second.message(), third.message()), first.account());

        assertThat(verdicts.stream().filter(Accept.class::isInstance).count())
                .isLessThanOrEqualTo(first.account().allowance().remaining());
    }
}
