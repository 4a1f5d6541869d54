package dev.postject.service.webhooks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * POSTs to URLs whose host was resolved and checked already ({@link WebhookUrls.Target}). Jetty's
 * HTTP client, with its name resolution replaced: a request connects only to the addresses it was
 * given (the next one when one fails), never to what the name resolves to by then. The request
 * keeps the URL's own Host header, and for https the URL's host name is the SNI sent and the name
 * the certificate must carry (Jetty verifies it, endpoint identification "HTTPS"). Connections are
 * pooled per host, port and set of checked addresses; redirects are never followed.
 */
final class PinnedHttpClient {
    /** What a request's destination is tagged with: the checked addresses of its host. */
    private record Pin(String host, List<InetAddress> addresses) {}

    private final HttpClient client;
    private final Duration timeout;

    PinnedHttpClient(Duration timeout) {
        this(timeout, new SslContextFactory.Client());
    }

    /** With this TLS configuration (tests trust their own certificate authority with it). */
    PinnedHttpClient(Duration timeout, SslContextFactory.Client tls) {
        this.timeout = timeout;
        this.client = new HttpClient();
        client.setSslContextFactory(tls);
        client.setSocketAddressResolver(PinnedHttpClient::pinnedAddresses);
        client.setFollowRedirects(false);
        client.setConnectTimeout(timeout.toMillis());
        client.setIdleTimeout(Duration.ofSeconds(30).toMillis());
        client.setDestinationIdleTimeout(Duration.ofMinutes(5).toMillis());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Postject-Webhooks/1"));
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("webhook-http");
        client.setExecutor(threads);
    }

    void start() throws Exception {
        client.start();
    }

    void stop() throws Exception {
        client.stop();
    }

    /** The status a POST of this JSON body got (its response body read and dropped), or what failed. */
    WebhookDispatcher.Result post(URI uri, List<InetAddress> addresses, Map<String, String> headers, String json)
            throws InterruptedException {
        Request request = client.newRequest(uri)
                .method(HttpMethod.POST)
                .tag(new Pin(bare(uri.getHost()), List.copyOf(addresses)))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .body(new StringRequestContent("application/json", json, StandardCharsets.UTF_8));
        request.headers(fields -> headers.forEach(fields::put));
        CompletableFuture<Result> done = new CompletableFuture<>();
        request.send(done::complete);
        Result result;
        try {
            result = done.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            request.abort(e);
            return new WebhookDispatcher.Result(null, "No answer within " + timeout.toSeconds() + " s");
        }
        if (result.isFailed()) {
            Throwable failure = result.getFailure();
            return new WebhookDispatcher.Result(
                    null,
                    failure.getClass().getSimpleName()
                            + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        }
        return new WebhookDispatcher.Result(result.getResponse().getStatus(), null);
    }

    /**
     * Jetty's name resolution: the checked addresses the request's destination carries, or nothing.
     * Each address carries the URL's host name (without a lookup): Jetty takes the name it sends as
     * SNI and verifies the certificate against from the address it connects to.
     */
    private static void pinnedAddresses(
            String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        if (context.get(Destination.CONTEXT_KEY) instanceof Destination destination
                && destination.getOrigin().getTag() instanceof Pin pin
                && pin.host().equals(bare(host))
                && !pin.addresses().isEmpty()) {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetAddress address : pin.addresses()) {
                try {
                    addresses.add(
                            new InetSocketAddress(InetAddress.getByAddress(pin.host(), address.getAddress()), port));
                } catch (UnknownHostException e) {
                    promise.failed(e);
                    return;
                }
            }
            promise.succeeded(addresses);
        } else {
            promise.failed(new UnknownHostException(host + ": no checked address to connect to"));
        }
    }

    private static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}
