package dev.postject.service.mail.direct;

import dev.postject.service.platform.net.Dns;
import dev.postject.service.platform.net.DnsAnswer;
import dev.postject.service.platform.net.PublicTargets;
import dev.postject.service.platform.net.SpecialAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Fetches {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (RFC 8461 3.3): the host's
 * addresses resolved through Postject's {@link Dns} and judged first (public ones only, unless
 * private targets are allowed), then connected to as checked, never resolved again (the name is
 * still the SNI sent and the name the certificate must carry). 200 only, no redirect followed,
 * {@code text/plain}, at most {@value #MAX_POLICY_BYTES} bytes, within one timeout.
 */
final class MtaStsFetcher {
    static final int MAX_POLICY_BYTES = 64 * 1024;

    /** The policy file's text, or why there is none. */
    sealed interface Fetched {
        record Text(String text) implements Fetched {}

        record Failure(String reason) implements Fetched {}
    }

    /** What a request's destination is tagged with: the checked addresses of its host. */
    private record Pin(String host, List<InetAddress> addresses) {}

    private final Dns dns;
    private final HttpClient client;
    private final int port;
    private final Duration timeout;
    private final boolean allowPrivate;
    private final Supplier<? extends Collection<InetAddress>> thisHost;

    MtaStsFetcher(Dns dns, SSLContext tls, int port, Duration timeout, boolean allowPrivate) {
        this(dns, tls, port, timeout, allowPrivate, PublicTargets::thisHost);
    }

    MtaStsFetcher(
            Dns dns,
            SSLContext tls,
            int port,
            Duration timeout,
            boolean allowPrivate,
            Supplier<? extends Collection<InetAddress>> thisHost) {
        this.dns = dns;
        this.port = port;
        this.timeout = timeout;
        this.allowPrivate = allowPrivate;
        this.thisHost = thisHost;
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setSslContext(tls);
        ssl.setEndpointIdentificationAlgorithm("HTTPS");
        this.client = new HttpClient();
        client.setSslContextFactory(ssl);
        client.setSocketAddressResolver(MtaStsFetcher::pinnedAddresses);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setConnectTimeout(timeout.toMillis());
        client.setIdleTimeout(Duration.ofSeconds(30).toMillis());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Postject-MTA-STS/1"));
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("mta-sts-http");
        client.setExecutor(threads);
    }

    void start() throws Exception {
        client.start();
    }

    void stop() throws Exception {
        client.stop();
    }

    Fetched fetch(String domain) throws InterruptedException {
        String host = "mta-sts." + domain;
        List<InetAddress> addresses = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Collection<InetAddress> own = allowPrivate ? List.of() : thisHost.get();
        for (DnsAnswer<byte[]> answer : List.of(dns.ipv4(host), dns.ipv6(host))) {
            if (answer instanceof DnsAnswer.Failed<byte[]> failed) {
                problems.add(failed.reason());
            }
            for (byte[] address : answer.records()) {
                Optional<String> why = allowPrivate ? Optional.empty() : PublicTargets.whyNot(address, own);
                if (why.isPresent()) {
                    problems.add(SpecialAddresses.text(address) + " is " + why.get());
                } else {
                    addresses.add(inet(host, address));
                }
            }
        }
        if (addresses.isEmpty()) {
            return new Fetched.Failure(host + " has no address to fetch from"
                    + (problems.isEmpty() ? "" : ": " + String.join(", ", problems)));
        }
        Request request = client.newRequest(
                        "https://" + host + (port == 443 ? "" : ":" + port) + "/.well-known/mta-sts.txt")
                .tag(new Pin(host, List.copyOf(addresses)))
                .followRedirects(false)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ContentResponse response;
        try {
            response = new CompletableResponseListener(request, MAX_POLICY_BYTES)
                    .send()
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Fetched.Failure("GET " + request.getURI() + " failed: "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (TimeoutException e) {
            request.abort(e);
            return new Fetched.Failure("GET " + request.getURI() + " took over " + timeout.toSeconds() + " s");
        }
        if (response.getStatus() != 200) {
            return new Fetched.Failure("GET " + request.getURI() + " answered " + response.getStatus());
        }
        String type =
                response.getMediaType() == null ? "" : response.getMediaType().toLowerCase(Locale.ROOT);
        if (!type.equals("text/plain")) {
            return new Fetched.Failure("GET " + request.getURI() + " answered " + (type.isEmpty() ? "no type" : type)
                    + ", not text/plain");
        }
        return new Fetched.Text(new String(response.getContent(), StandardCharsets.UTF_8));
    }

    /** Jetty's name resolution: the checked addresses the request's destination carries, or nothing. */
    private static void pinnedAddresses(
            String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        if (context.get(Destination.CONTEXT_KEY) instanceof Destination destination
                && destination.getOrigin().getTag() instanceof Pin pin
                && pin.host().equalsIgnoreCase(host)) {
            promise.succeeded(pin.addresses().stream()
                    .map(address -> new InetSocketAddress(address, port))
                    .toList());
        } else {
            promise.failed(new UnknownHostException(host + ": no checked address to connect to"));
        }
    }

    private static InetAddress inet(String host, byte[] address) {
        try {
            return InetAddress.getByAddress(host, address); // carries the name: SNI and the certificate check use it
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
