package dev.postject.service.mail.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP server: listens on one address and port, runs each session on a thread of a bounded pool,
 * and asks a {@link SmtpHandler} (one per session) what to accept. The protocol, its limits and its
 * security checks are this package's; what a message means is the handler's.
 *
 * <p>Over {@code maxSessions} or {@code maxSessionsPerClient} (or the {@link ConnectionLimits} it
 * shares with other servers), a connection gets {@code 421 4.7.0} and is closed. {@link #stop()} stops accepting, says {@code 421 4.3.2} to
 * sessions waiting between transactions, lets transactions under way finish for up to
 * {@code shutdownTimeout}, then closes what is left.
 */
public final class SmtpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
    private static final int REFUSAL_TIMEOUT_MILLIS = 5_000;

    private final SmtpServerSettings settings;
    private final SSLContext tls;
    private final SmtpHandler.Factory<?> handlers;
    private final ConnectionLimits limits;
    private final Map<SmtpSession<?>, SmtpConnection> sessions = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor refusals;
    private final ScheduledExecutorService watchdog;
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean stopping;
    private ServerSocket listener;
    private Thread acceptor;

    /**
     * @param tls the certificate to offer: required for {@link SmtpServerSettings.Mode#IMPLICIT_TLS};
     *     in {@link SmtpServerSettings.Mode#STARTTLS} mode, null means STARTTLS is not offered
     */
    public <P> SmtpServer(SmtpServerSettings settings, SSLContext tls, SmtpHandler.Factory<P> handlers) {
        this(
                settings,
                tls,
                handlers,
                settings == null
                        ? null
                        : new ConnectionLimits(settings.maxSessions(), settings.maxSessionsPerClient()));
    }

    /**
     * A server whose connections count against {@code limits}, which other servers may share (its
     * settings' {@code maxSessions} still sizes its own thread pool).
     */
    public <P> SmtpServer(
            SmtpServerSettings settings, SSLContext tls, SmtpHandler.Factory<P> handlers, ConnectionLimits limits) {
        if (settings == null || handlers == null || limits == null) {
            throw new IllegalArgumentException("settings, a handler factory and limits are required");
        }
        if (settings.mode() == SmtpServerSettings.Mode.IMPLICIT_TLS && tls == null) {
            throw new IllegalArgumentException("an implicit-TLS server needs an SSLContext");
        }
        this.settings = settings;
        this.tls = tls;
        this.handlers = handlers;
        this.limits = limits;
        String name = "smtpd-" + settings.hostname();
        this.pool = new ThreadPoolExecutor(
                settings.maxSessions(),
                settings.maxSessions(),
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                threads(name + "-session-"));
        pool.allowCoreThreadTimeOut(true);
        this.refusals = new ThreadPoolExecutor(
                0, 2, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), threads(name + "-refusal-"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(threads(name + "-watchdog-"));
    }

    /** Binds and starts accepting; throws when the address or port cannot be had. */
    public synchronized void start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 256);
        acceptor = threads("smtpd-" + settings.hostname() + "-accept-").newThread(this::accept);
        acceptor.start();
        long period = Math.max(100, Math.min(1000, settings.commandTimeout().toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::abortStuckWrites, period, period, TimeUnit.MILLISECONDS);
    }

    /** The port listened on (the one chosen when configured as 0). */
    public int port() {
        if (listener == null) {
            throw new IllegalStateException("not started");
        }
        return listener.getLocalPort();
    }

    public SmtpServerSettings settings() {
        return settings;
    }

    /** Sessions open now. */
    public int sessions() {
        return sessions.size();
    }

    /** Connections admitted to a session since the server was made. */
    public long sessionsAdmitted() {
        return admitted.get();
    }

    /** Connections refused since the server was made: over the limits, or no session thread left. */
    public long connectionsRefused() {
        return refused.get();
    }

    /** Stops gracefully (see the class description) and returns once every session has ended. */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        try {
            if (listener != null) {
                listener.close();
            }
            if (acceptor != null) {
                acceptor.join(5_000);
            }
            // say goodbye from another thread: a client that reads nothing may block that write
            Thread goodbyes = threads("smtpd-" + settings.hostname() + "-goodbye-")
                    .newThread(() -> sessions.values()
                            .forEach(conn -> conn.sayGoodbyeIfIdle(
                                    "421 4.3.2 " + settings.hostname() + " Service shutting down")));
            goodbyes.start();
            pool.shutdown();
            if (!pool.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "SMTP server {}: {} sessions still open after the shutdown timeout; closing them",
                        settings.hostname(),
                        sessions.size());
                sessions.keySet().forEach(SmtpSession::abort);
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
            goodbyes.join(1_000);
        } catch (IOException e) {
            LOG.warn("SMTP server {}: closing the listener failed", settings.hostname(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sessions.keySet().forEach(SmtpSession::abort);
            pool.shutdownNow();
        } finally {
            refusals.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    boolean stopping() {
        return stopping;
    }

    void opened(SmtpSession<?> session, SmtpConnection conn) {
        sessions.put(session, conn);
    }

    private void accept() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!stopping) {
                    LOG.error("SMTP server {}: accept failed", settings.hostname(), e);
                }
                continue;
            }
            try {
                socket.setTcpNoDelay(true); // replies are batched by the session; never wait for an ACK
                InetAddress client = socket.getInetAddress();
                String refusal = limits.admit(client, settings.hostname());
                if (refusal != null) {
                    refused.incrementAndGet();
                    refuse(socket, refusal);
                    continue;
                }
                try {
                    pool.execute(session(socket));
                    admitted.incrementAndGet();
                } catch (RejectedExecutionException e) {
                    refused.incrementAndGet();
                    limits.release(client);
                    socket.close();
                }
            } catch (IOException e) {
                close(socket);
            }
        }
    }

    private <P> SmtpSession<P> session(Socket socket) {
        @SuppressWarnings("unchecked")
        SmtpHandler.Factory<P> factory = (SmtpHandler.Factory<P>) handlers;
        return new SmtpSession<>(this, tls, socket, factory);
    }

    /** The session no longer counts toward the limits (it is saying goodbye). */
    void released(InetAddress client) {
        limits.release(client);
    }

    void ended(SmtpSession<?> session) {
        sessions.remove(session);
    }

    /** Answers a connection over the limits off the accepting thread (TLS needs a handshake first). */
    private void refuse(Socket socket, String reply) {
        try {
            refusals.execute(() -> {
                try (socket) {
                    socket.setSoTimeout(REFUSAL_TIMEOUT_MILLIS);
                    Socket s = socket;
                    if (settings.mode() == SmtpServerSettings.Mode.IMPLICIT_TLS) {
                        SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                        ssl.setUseClientMode(false);
                        SSLParameters parameters = ssl.getSSLParameters();
                        parameters.setProtocols(SmtpConnection.TLS_PROTOCOLS);
                        ssl.setSSLParameters(parameters);
                        s = ssl;
                    }
                    OutputStream out = s.getOutputStream();
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.close();
                } catch (IOException e) {
                    // the client went away first
                }
            });
        } catch (RejectedExecutionException e) {
            close(socket);
        }
    }

    private void abortStuckWrites() {
        long now = System.nanoTime();
        long limit = settings.commandTimeout().toNanos();
        sessions.forEach((session, conn) -> {
            long since = conn.busySince();
            if (since != 0 && now - since > limit) {
                LOG.info("SMTP server {}: closing a session that has not read its replies", settings.hostname());
                session.abort();
            }
        });
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
