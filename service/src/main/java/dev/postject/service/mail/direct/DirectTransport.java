package dev.postject.service.mail.direct;

import dev.postject.service.mail.SmtpReply;
import dev.postject.service.mail.direct.DirectOutcome.Bounced;
import dev.postject.service.mail.direct.DirectOutcome.Deferred;
import dev.postject.service.mail.direct.DirectOutcome.Delivered;
import dev.postject.service.mail.direct.Opened.Attempt;
import dev.postject.service.mail.direct.SessionPool.Kind;
import dev.postject.service.mail.direct.SessionPool.Pooled;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivers a message to the mail servers of its recipients' domain (one domain per call) and says
 * per recipient what became of it. The servers come from {@link MxResolver}, the TLS each must offer
 * from the domain's MTA-STS policy ({@link MtaStsPolicies}: in {@code enforce} mode only the hosts
 * it names, over verified TLS, else the mail waits; in {@code testing} mode verified TLS is tried and
 * its failure noted), the sessions from a {@link SessionPool} per mail server.
 *
 * <p>A destination whose servers time out or answer 421 is backed off as a whole: until its backoff
 * ends, mail for it is deferred at once, without a connection, and {@link #backedOffUntil} lets a
 * queue skip it. Thread-safe: senders to different destinations never wait for each other, only for
 * the servers they send to, each wait bounded by the connect and command timeouts.
 */
public final class DirectTransport implements AutoCloseable {
    private final MxResolver resolver;
    private final MtaStsPolicies policies;
    private final DirectSettings settings;
    private final Clock clock;
    private final String heloName;
    private final SessionPool pool;
    private final MxSessions sessions;
    private final Backoffs backoffs;
    private ScheduledExecutorService housekeeping;

    public DirectTransport(
            MxResolver resolver, MtaStsPolicies policies, MxConnector connector, DirectSettings settings, Clock clock) {
        this.resolver = resolver;
        this.policies = policies;
        this.settings = settings;
        this.clock = clock;
        this.heloName = settings.heloName().isBlank() ? thisHostsName() : settings.heloName();
        this.pool = new SessionPool(
                settings.connectionsPerHost(), settings.messagesPerConnection(), settings.idleTimeout());
        this.backoffs = new Backoffs(settings.backoff(), settings.backoffMax());
        this.sessions = new MxSessions(pool, connector, settings.port(), heloName, settings.connectTimeout());
    }

    /** Starts closing idle sessions (every second) and forgetting old backoffs. */
    public synchronized void start() {
        if (housekeeping == null) {
            housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "postject-mx-idle");
                thread.setDaemon(true);
                return thread;
            });
            housekeeping.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** Stops the housekeeping and closes every idle session. */
    @Override
    public synchronized void close() {
        if (housekeeping != null) {
            housekeeping.shutdownNow();
            housekeeping = null;
        }
        pool.closeAll();
    }

    /** Until when mail for {@code domain} is deferred without a try, if it is backed off now. */
    public Optional<Instant> backedOffUntil(String domain) {
        return backoffs.active(key(domain), clock.instant()).map(Backoffs.Backoff::until);
    }

    /**
     * Sends {@code mime} from {@code from} (empty: the null sender) to {@code recipients}, all at
     * one domain; the outcome of each recipient, in their order. Never throws for what a network or
     * a server does.
     *
     * @throws IllegalArgumentException if the recipients are not all at one domain
     */
    public Map<String, DirectOutcome> send(String from, List<String> recipients, byte[] mime) {
        String domain = domainOf(recipients);
        Optional<Backoffs.Backoff> backedOff = backoffs.active(domain, clock.instant());
        if (backedOff.isPresent()) {
            return all(recipients, backedOff(domain, backedOff.get()));
        }
        MxRoute route = resolver.resolve(domain);
        if (route instanceof MxRoute.Permanent permanent) {
            return all(recipients, Bounced.at(permanent.code(), permanent.reason()));
        }
        if (route instanceof MxRoute.Temporary temporary) {
            return all(
                    recipients,
                    Deferred.because("the mail servers of " + domain + " are unknown for now: " + temporary.reason()));
        }
        MtaStsPolicy policy;
        try {
            policy = policies.policyFor(domain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return all(recipients, Deferred.because("interrupted while reading the MTA-STS policy of " + domain));
        }
        return deliver(domain, (MxRoute.Hosts) route, policy, from, recipients, mime);
    }

    /** Closes the sessions idle for longer than the idle time, and forgets long-past backoffs. */
    void closeIdle() {
        Instant now = clock.instant();
        pool.closeIdle(now);
        backoffs.forgetOlderThan(now);
    }

    /** Sessions open to the mail server {@code host} (for tests and metrics). */
    int openSessions(String host) {
        return pool.open(host);
    }

    /** Senders waiting for a session to the mail server {@code host}. */
    int waitingFor(String host) {
        return pool.waiting(host);
    }

    private Map<String, DirectOutcome> deliver(
            String domain,
            MxRoute.Hosts route,
            MtaStsPolicy policy,
            String from,
            List<String> recipients,
            byte[] mime) {
        List<Attempt> failed = new ArrayList<>();
        List<String> notes = new ArrayList<>(route.skipped());
        for (MxRoute.MxHost host : route.hosts()) {
            Optional<Kind> kind = kind(policy, host.name(), notes);
            if (kind.isEmpty()) {
                failed.add(new Attempt(
                        host.name(),
                        host.addresses().get(0),
                        Opened.Problem.NOT_IN_POLICY,
                        0,
                        "not a mail server the MTA-STS policy (enforce) of " + domain + " names"));
                continue;
            }
            Pooled pooled = sessions.session(
                    host,
                    kind.get(),
                    () -> backoffs.active(domain, clock.instant()).isPresent(),
                    failed);
            if (pooled == null) {
                continue;
            }
            failed.forEach(attempt -> notes.add(attempt.toString()));
            notes.addAll(pooled.notes);
            Map<String, SmtpReply> replies;
            try {
                replies = pooled.session.send(from, recipients, mime);
            } catch (RuntimeException e) {
                sessions.discard(pooled); // never leak its place in the pool
                throw e;
            }
            pooled.messages++;
            Map<String, DirectOutcome> outcomes = judge(domain, pooled, replies, notes);
            sessions.release(pooled, clock.instant());
            return outcomes;
        }
        return all(recipients, noServerTookIt(domain, failed));
    }

    /** What the domain's policy asks of a session to {@code host}; empty when it must not get the mail. */
    private static Optional<Kind> kind(MtaStsPolicy policy, String host, List<String> notes) {
        return switch (policy.mode()) {
            case ENFORCE -> policy.matches(host) ? Optional.of(Kind.VERIFIED) : Optional.empty();
            case TESTING -> {
                if (!policy.matches(host)) {
                    notes.add("MTA-STS (testing): " + host + " is not a mail server the policy names");
                }
                yield Optional.of(Kind.TESTING);
            }
            case NONE -> Optional.of(Kind.OPPORTUNISTIC);
        };
    }

    /** Each recipient's outcome from the server's replies; a timeout or a 421 backs the destination off. */
    private Map<String, DirectOutcome> judge(
            String domain, Pooled pooled, Map<String, SmtpReply> replies, List<String> notes) {
        MxSession session = pooled.session;
        Optional<SmtpReply> overloaded =
                replies.values().stream().filter(r -> r.code() == 421).findFirst();
        Instant until = null;
        if (session.timedOut() || overloaded.isPresent()) {
            String why =
                    session.host() + " " + overloaded.map(r -> "answered " + r).orElse("did not reply in time");
            until = backoffs.failed(domain, why, clock.instant()).until();
            session.close(); // 421: the server is closing the channel (RFC 5321 3.8)
        } else if (replies.values().stream().anyMatch(SmtpReply::accepted)) {
            backoffs.succeeded(domain);
        }
        String tls = session.tls().map(MxSession.Tls::protocol).orElse("none");
        Map<String, DirectOutcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, SmtpReply> entry : replies.entrySet()) {
            SmtpReply reply = entry.getValue();
            outcomes.put(
                    entry.getKey(),
                    reply.accepted()
                            ? new Delivered(session.host(), session.address(), tls, reply, notes)
                            : reply.permanentFailure() ? Bounced.of(reply) : new Deferred(reply, until));
        }
        return outcomes;
    }

    private DirectOutcome noServerTookIt(String domain, List<Attempt> failed) {
        String tried = failed.stream().map(Attempt::toString).collect(Collectors.joining("; "));
        Optional<Attempt> overload =
                failed.stream().filter(a -> a.timedOut() || a.code() == 421).findFirst();
        if (overload.isPresent()) {
            return backedOff(domain, backoffs.failed(domain, overload.get().toString(), clock.instant()));
        }
        Optional<Backoffs.Backoff> meanwhile = backoffs.active(domain, clock.instant());
        if (meanwhile.isPresent()) {
            return backedOff(domain, meanwhile.get());
        }
        if (!failed.isEmpty()
                && failed.stream().allMatch(a -> a.problem() == Opened.Problem.REFUSED && a.code() >= 500)) {
            Attempt last = failed.get(failed.size() - 1);
            return Bounced.of(new SmtpReply(last.code(), "every mail server of " + domain + " refused: " + tried));
        }
        boolean policy = failed.stream().allMatch(a -> a.problem() == Opened.Problem.NOT_IN_POLICY);
        return Deferred.because((policy
                        ? "no mail server of " + domain + " is named by its MTA-STS policy: "
                        : "no mail server of " + domain + " took the message: ")
                + tried);
    }

    private static Deferred backedOff(String domain, Backoffs.Backoff backoff) {
        return new Deferred(
                new SmtpReply(
                        0,
                        "deferred until " + backoff.until() + ": " + domain + " is backed off (" + backoff.reason()
                                + ")"),
                backoff.until());
    }

    private static Map<String, DirectOutcome> all(List<String> recipients, DirectOutcome outcome) {
        return recipients.stream()
                .collect(Collectors.toMap(Function.identity(), r -> outcome, (a, b) -> a, LinkedHashMap::new));
    }

    private static String domainOf(List<String> recipients) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a message to send has a recipient");
        }
        String domain = null;
        for (String recipient : recipients) {
            int at = recipient.lastIndexOf('@');
            String its = key(at < 0 ? "" : recipient.substring(at + 1));
            if (domain != null && !domain.equals(its)) {
                throw new IllegalArgumentException("the recipients of one send are at one domain: " + recipients);
            }
            domain = its;
        }
        return domain;
    }

    private static String key(String domain) {
        return MxResolver.asciiDomain(domain).orElse(domain.toLowerCase(Locale.ROOT));
    }

    private static String thisHostsName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
