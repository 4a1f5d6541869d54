package dev.postject.service.mail.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.direct.MtaStsPolicy.Mode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Policy lookups of different domains at the same moment: none waits for another's slow policy host. */
class MtaStsPoliciesConcurrencyTest {
    @RegisterExtension
    static final TestDns DNS = new TestDns();

    private final Destinations destinations = new Destinations(DNS);

    @AfterEach
    void close() throws Exception {
        destinations.close();
    }

    /** A domain whose name hashes like {@code other}'s, so any lock shared by hash is shared by both. */
    private static String hashingLike(String other) {
        for (int i = 0; ; i++) {
            String candidate = "fast" + i + "-" + other;
            if (Math.floorMod(candidate.hashCode(), 64) == Math.floorMod(other.hashCode(), 64)
                    && Math.floorMod(candidate.hashCode(), 1024) == Math.floorMod(other.hashCode(), 1024)) {
                return candidate;
            }
        }
    }

    @Test
    void aDomainWhosePolicyHostNeverAnswersDoesNotDelayAnotherDomainsPolicy() throws Exception {
        String slow = Destinations.domain("slow");
        String fast = hashingLike(slow);
        destinations.mtaSts(fast, "version: STSv1\nmode: enforce\nmx: mx1." + fast + "\nmax_age: 3600\n");
        HangingServer hanging = destinations.hangingMtaSts(slow);
        destinations.settings.mtaStsTimeoutSeconds(4);
        MtaStsPolicies policies = destinations.policies();

        CompletableFuture<MtaStsPolicy> slowLookup = lookUp(policies, slow);
        await().atMost(Duration.ofSeconds(3)).until(() -> hanging.connections() == 1);
        long started = System.nanoTime();
        MtaStsPolicy fastPolicy = policies.policyFor(fast);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(fastPolicy.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(slowLookup)
                .as("the slow policy host is still being waited for")
                .isNotDone();
        assertThat(tookMillis).isLessThan(3000);
        assertThat(slowLookup.get(10, TimeUnit.SECONDS).mode()).isEqualTo(Mode.NONE);
    }

    @Test
    void lookupsOfOneDomainAtTheSameMomentShareOneFetch() throws Exception {
        String slow = Destinations.domain("shared");
        destinations.mtaSts(Destinations.domain("other"), "version: STSv1\nmode: testing\nmax_age: 3600\n");
        HangingServer hanging = destinations.hangingMtaSts(slow);
        destinations.settings.mtaStsTimeoutSeconds(2);
        MtaStsPolicies policies = destinations.policies();

        CompletableFuture<MtaStsPolicy> first = lookUp(policies, slow);
        await().atMost(Duration.ofSeconds(3)).until(() -> hanging.connections() == 1);
        CompletableFuture<MtaStsPolicy> second = lookUp(policies, slow);

        assertThat(first.get(10, TimeUnit.SECONDS).mode()).isEqualTo(Mode.NONE);
        assertThat(second.get(10, TimeUnit.SECONDS).mode()).isEqualTo(Mode.NONE);
        assertThat(hanging.connections()).isEqualTo(1);
    }

    private static CompletableFuture<MtaStsPolicy> lookUp(MtaStsPolicies policies, String domain) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return policies.policyFor(domain);
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        });
    }
}
