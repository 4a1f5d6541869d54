package dev.postject.service.mail.direct;

import dev.postject.service.mail.direct.Opened.Attempt;
import dev.postject.service.mail.direct.Opened.Problem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Opens SMTP sessions to one mail server, address after address until one takes it: a connection
 * failure, or a greeting or EHLO that is not 2xx, moves on to the next address. Then STARTTLS, as
 * the {@link TlsRequirement} says. A required TLS that the server does not offer, or whose
 * certificate the trust store does not accept for the server's name, ends the session after EHLO:
 * the client sends QUIT and nothing else in plaintext, and the next address is tried.
 *
 * <p>Our own small client rather than Jakarta Mail's SMTP transport (the relay client, {@code mail.relay}, runs on this one too):
 * that transport dials a host name through the JVM's resolver, not the addresses Postject's
 * {@link MxResolver} checked; hides its socket, so the TLS version and cipher cannot be reported;
 * folds a 4xx greeting into an exception message; and sets TLS policy per {@code Session}, not per
 * connection. Here each connection gets exactly the address, name (SNI and certificate check) and
 * trust it needs.
 */
public final class MxConnector {
    private static final String[] VERIFIED_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext verifying;
    private final SSLContext anyCertificate;
    private final int connectTimeoutMillis;
    private final int commandTimeoutMillis;

    /** Verifying certificates against the JVM's trust store ({@code javax.net.ssl.trustStore}). */
    public MxConnector(DirectSettings settings) {
        this(settings, defaultContext());
    }

    /** Verifying certificates with this context's trust managers (tests trust their own authority). */
    public MxConnector(DirectSettings settings, SSLContext verifying) {
        this(settings.connectTimeout(), settings.commandTimeout(), verifying);
    }

    /** With these time limits for a connection and for each reply (a final dot's: twice it). */
    public MxConnector(Duration connectTimeout, Duration commandTimeout, SSLContext verifying) {
        this.verifying = verifying;
        this.anyCertificate = anyCertificate();
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        this.commandTimeoutMillis = (int) commandTimeout.toMillis();
    }

    /** The JVM's own TLS context: certificates verified against its trust store. */
    public static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    /**
     * A session with the first of a domain's mail servers that takes one, in the route's order,
     * each with the TLS {@code requirement} names for it; a server it names none for (one an
     * enforced MTA-STS policy does not list) is passed over without a connection.
     */
    public Opened open(
            List<MxRoute.MxHost> hosts,
            int port,
            String heloName,
            Function<String, Optional<TlsRequirement>> requirement) {
        List<Attempt> attempts = new ArrayList<>();
        for (MxRoute.MxHost host : hosts) {
            Optional<TlsRequirement> tls = requirement.apply(host.name());
            if (tls.isEmpty()) {
                attempts.add(new Attempt(
                        host.name(),
                        host.addresses().get(0),
                        Problem.NOT_IN_POLICY,
                        0,
                        "not a mail server the domain's MTA-STS policy names"));
                continue;
            }
            Opened opened = open(host, port, heloName, tls.get());
            if (opened instanceof Opened.Connected connected) {
                attempts.addAll(connected.failedFirst());
                return new Opened.Connected(connected.session(), attempts);
            }
            attempts.addAll(((Opened.Failed) opened).attempts());
        }
        return new Opened.Failed(attempts);
    }

    /** A session with {@code host}, at the first of its addresses that takes one on {@code port}. */
    public Opened open(MxRoute.MxHost host, int port, String heloName, TlsRequirement tls) {
        return open(host.name(), host.addresses(), port, heloName, tls);
    }

    /** A session with the server {@code host} names, at the first of {@code addresses} that takes one. */
    public Opened open(String host, List<InetAddress> addresses, int port, String heloName, TlsRequirement tls) {
        List<Attempt> attempts = new ArrayList<>();
        for (InetAddress address : addresses) {
            Object result = attempt(host, address, port, heloName, tls, true);
            if (result instanceof Attempt failed
                    && failed.problem() == Problem.TLS
                    && tls == TlsRequirement.OPPORTUNISTIC) {
                attempts.add(failed); // TLS was never promised: deliver in plaintext rather than not at all
                result = attempt(host, address, port, heloName, tls, false);
            }
            if (result instanceof MxSession session) {
                return new Opened.Connected(session, attempts);
            }
            attempts.add((Attempt) result);
        }
        return new Opened.Failed(attempts);
    }

    /** An open {@link MxSession}, or the {@link Attempt} that failed. */
    private Object attempt(
            String host, InetAddress address, int port, String heloName, TlsRequirement tls, boolean startTls) {
        Socket socket = new Socket();
        MxSession session;
        try {
            socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
            session = new MxSession(host, address, socket, commandTimeoutMillis);
        } catch (IOException e) {
            close(socket);
            return new Attempt(
                    host,
                    address,
                    Problem.UNREACHABLE,
                    0,
                    "no connection to port " + port + ": " + e.getMessage(),
                    e instanceof SocketTimeoutException);
        }
        try {
            Reply greeting = session.read();
            if (greeting.code() != 220) {
                session.close();
                return new Attempt(host, address, Problem.REFUSED, greeting.code(), "greeted with " + greeting);
            }
            Reply hello = session.hello(heloName);
            if (!hello.positive()) {
                session.close();
                return new Attempt(host, address, Problem.REFUSED, hello.code(), "EHLO answered " + hello);
            }
            if (!startTls || tls == TlsRequirement.NONE) {
                return session;
            }
            boolean required = tls == TlsRequirement.REQUIRED_VERIFIED;
            boolean verified = tls != TlsRequirement.OPPORTUNISTIC;
            if (!session.supports("STARTTLS")) {
                if (required) {
                    session.close();
                    return new Attempt(host, address, Problem.NO_STARTTLS, 0, host + " does not offer STARTTLS");
                }
                return session;
            }
            Reply ready = session.command("STARTTLS");
            if (ready.code() != 220) {
                if (required) {
                    session.close();
                    return new Attempt(host, address, Problem.NO_STARTTLS, ready.code(), "STARTTLS answered " + ready);
                }
                return session; // RFC 3207 4.1: going on without TLS is the client's choice
            }
            if (session.unsolicitedBytes()) {
                session.abort();
                return new Attempt(
                        host, address, Problem.PROTOCOL, 0, "data arrived after STARTTLS's reply, before TLS");
            }
            try {
                session.secured(handshake(session.socket(), host, port, verified), verified);
            } catch (IOException e) {
                session.abort();
                return new Attempt(host, address, Problem.TLS, 0, "TLS handshake failed: " + e.getMessage());
            }
            Reply again = session.hello(heloName);
            if (!again.positive()) {
                session.close();
                return new Attempt(host, address, Problem.REFUSED, again.code(), "EHLO over TLS answered " + again);
            }
            return session;
        } catch (SocketTimeoutException e) {
            session.abort();
            return new Attempt(
                    host, address, Problem.PROTOCOL, 0, "no reply within " + commandTimeoutMillis / 1000 + " s", true);
        } catch (IOException e) {
            session.abort();
            return new Attempt(host, address, Problem.PROTOCOL, 0, e.getMessage());
        }
    }

    private SSLSocket handshake(Socket plain, String host, int port, boolean verified) throws IOException {
        SSLContext context = verified ? verifying : anyCertificate;
        SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        secure.setUseClientMode(true);
        SSLParameters parameters = secure.getSSLParameters();
        try {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        } catch (IllegalArgumentException e) {
            // not a name SNI can carry: the server picks its default certificate
        }
        if (verified) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 name checks, wildcard leftmost only
            parameters.setProtocols(VERIFIED_PROTOCOLS);
        }
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        return secure;
    }

    /** Opportunistic TLS (RFC 7435): encryption with whoever answers, no certificate judged. */
    private static SSLContext anyCertificate() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up opportunistic TLS", e);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // never connected
        }
    }
}
