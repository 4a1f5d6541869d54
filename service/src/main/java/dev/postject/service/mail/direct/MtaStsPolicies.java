package dev.postject.service.mail.direct;

import dev.postject.service.platform.net.Dns;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MTA-STS policies of recipient domains (RFC 8461), as a sending MTA keeps them: the
 * {@code _mta-sts} TXT record is read at every lookup, the policy fetched over HTTPS when the
 * record's id is new or the cached policy has outlived its {@code max_age}, and kept for that long.
 * A cached unexpired policy survives whatever an attacker can do to the path: a missing, broken or
 * unanswered TXT record, or a fetch that fails (RFC 8461 5.1), so a policy once seen cannot be
 * stripped. A failed fetch is not retried for {@value #RETRY_MINUTES} minutes, so a broken policy
 * host does not cost a fetch per message.
 *
 * <p>Lookups of one domain at the same moment share one lookup, so deliveries to it fetch its
 * policy once; lookups of different domains never wait for each other, so a domain whose policy
 * host is slow or dead holds up only mail to itself. The cache lives in this node's memory, bounded (least recently used domains
 * forgotten first): after a restart, each domain's policy is fetched again on first use.
 */
public final class MtaStsPolicies implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MtaStsPolicies.class);
    private static final long RETRY_MINUTES = 5;

    /** A domain's last TXT id, its policy (null: none had yet), and when a failed fetch may be tried again. */
    private record Known(String id, MtaStsPolicy policy, Instant retryAfter) {}

    private final Dns dns;
    private final Clock clock;
    private final MtaStsFetcher fetcher;
    private final Map<String, Known> known;
    private final Map<String, CompletableFuture<MtaStsPolicy>> inFlight = new ConcurrentHashMap<>();

    /** Fetching policies over HTTPS verified by the JVM's trust store. */
    public MtaStsPolicies(Dns dns, DirectSettings settings, Clock clock) {
        this(dns, settings, clock, defaultContext());
    }

    /** Verifying the policy hosts' certificates with this context (tests trust their own authority). */
    public MtaStsPolicies(Dns dns, DirectSettings settings, Clock clock, SSLContext tls) {
        this.dns = dns;
        this.clock = clock;
        this.fetcher =
                new MtaStsFetcher(dns, tls, settings.mtaStsPort(), settings.mtaStsTimeout(), settings.allowPrivate());
        int capacity = settings.mtaStsCacheSize();
        this.known = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > capacity;
            }
        });
    }

    public void start() throws Exception {
        fetcher.start();
    }

    @Override
    public void close() throws Exception {
        fetcher.stop();
    }

    /**
     * The policy that applies to mail for {@code domain} now; {@link MtaStsPolicy#none()} when it
     * has none (or none could be had, and none is cached).
     */
    public MtaStsPolicy policyFor(String domain) throws InterruptedException {
        Optional<String> ascii = MxResolver.asciiDomain(domain);
        if (ascii.isEmpty()) {
            return MtaStsPolicy.none();
        }
        String name = ascii.get();
        while (true) {
            CompletableFuture<MtaStsPolicy> mine = new CompletableFuture<>();
            CompletableFuture<MtaStsPolicy> running = inFlight.putIfAbsent(name, mine);
            if (running != null) {
                try {
                    return running.get(); // another delivery to the domain is looking it up: share its answer
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof InterruptedException) {
                        continue; // that delivery was interrupted, this one was not: look it up anew
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
            try {
                MtaStsPolicy policy = lookUp(name);
                mine.complete(policy);
                return policy;
            } catch (RuntimeException | Error | InterruptedException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                inFlight.remove(name, mine);
            }
        }
    }

    private MtaStsPolicy lookUp(String name) throws InterruptedException {
        Instant now = clock.instant();
        Known cached = known.get(name);
        MtaStsPolicy valid = cached != null
                        && cached.policy() != null
                        && now.isBefore(cached.policy().expiresAt())
                ? cached.policy()
                : null;
        Optional<String> id;
        try {
            id = MtaStsPolicy.txtId(dns.txt("_mta-sts." + name));
        } catch (IOException e) {
            return orNone(valid); // a DNS failure never downgrades a cached policy
        }
        if (id.isEmpty()) {
            return orNone(valid);
        }
        if (valid != null && valid.id().equals(id.get())) {
            return valid;
        }
        if (cached != null
                && cached.id().equals(id.get())
                && cached.retryAfter() != null
                && now.isBefore(cached.retryAfter())) {
            return orNone(valid);
        }
        String problem;
        MtaStsFetcher.Fetched fetched = fetcher.fetch(name);
        if (fetched instanceof MtaStsFetcher.Fetched.Text text) {
            try {
                MtaStsPolicy policy = MtaStsPolicy.parse(text.text(), id.get(), now);
                known.put(name, new Known(id.get(), policy, null));
                return policy;
            } catch (IllegalArgumentException e) {
                problem = "the policy is invalid: " + e.getMessage();
            }
        } else {
            problem = ((MtaStsFetcher.Fetched.Failure) fetched).reason();
        }
        LOG.info(
                "MTA-STS policy {} of {} could not be used ({}); {}",
                id.get(),
                name,
                problem,
                valid == null ? "no policy applies" : "the cached policy " + valid.id() + " still does");
        known.put(name, new Known(id.get(), valid, now.plus(Duration.ofMinutes(RETRY_MINUTES))));
        return orNone(valid);
    }

    private static MtaStsPolicy orNone(MtaStsPolicy policy) {
        return policy == null ? MtaStsPolicy.none() : policy;
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }
}
