package dev.postject.service.mail.server;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP session on its own thread: TLS on an implicit-TLS port, the greeting, the command loop
 * with its limits, and the goodbye however the session ends. {@link SmtpProtocol} does what each
 * command means.
 */
final class SmtpSession<P> implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);

    private final SmtpServer server;
    private final SmtpServerSettings settings;
    private final SSLContext tls;
    private final Socket socket;
    private final SmtpHandler.Factory<P> factory;
    private final String host;
    private SmtpConnection conn;
    private SmtpProtocol<P> protocol;
    private int commands;

    SmtpSession(SmtpServer server, SSLContext tls, Socket socket, SmtpHandler.Factory<P> factory) {
        this.server = server;
        this.settings = server.settings();
        this.tls = tls;
        this.socket = socket;
        this.factory = factory;
        this.host = settings.hostname();
    }

    @Override
    public void run() {
        String lastLine = null;
        try {
            conn = new SmtpConnection(socket, settings.maxLineLength());
            server.opened(this, conn);
            serve();
        } catch (SessionEnd e) {
            lastLine = e.lastLine;
        } catch (SocketTimeoutException e) {
            lastLine = "421 4.4.2 " + host + " Error: timeout exceeded";
        } catch (IOException e) {
            LOG.debug("SMTP session from {} ended: {}", socket.getInetAddress().getHostAddress(), e.toString());
        } catch (RuntimeException e) {
            LOG.error("SMTP session failed", e);
        } finally {
            if (protocol != null) {
                protocol.closed();
            }
            // before the last reply: a client that reconnects as soon as it reads it is not over its limit
            server.released(socket.getInetAddress());
            lastWords(lastLine);
            if (conn != null) {
                conn.close();
            } else {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing more to do
                }
            }
            server.ended(this);
        }
    }

    private void serve() throws IOException, SessionEnd {
        if (settings.mode() == SmtpServerSettings.Mode.IMPLICIT_TLS) {
            conn.startTls(tls, settings.commandTimeoutMillis());
        }
        protocol = new SmtpProtocol<>(settings, tls, conn, factory.newSession());
        protocol.connected();
        conn.write("220 " + host + " ESMTP");
        while (true) {
            byte[] line = nextCommand();
            if (line == null) {
                return;
            }
            if (++commands > settings.maxCommands()) {
                throw new SessionEnd("421 4.7.0 " + host + " Error: too many commands");
            }
            protocol.command(line);
        }
    }

    /** The next command line; between transactions, a stopping server may end the session instead. */
    private byte[] nextCommand() throws IOException, SessionEnd {
        while (true) {
            boolean between = !protocol.inTransaction();
            if (between && !conn.waitingForCommand(server.stopping())) {
                throw new SessionEnd("421 4.3.2 " + host + " Service shutting down");
            }
            try {
                byte[] line = conn.readLine(settings.commandTimeoutMillis());
                stillWanted(between);
                return line;
            } catch (SmtpConnection.LineTooLong e) {
                stillWanted(between);
                protocol.error(new SmtpReply(500, "5.5.2", "Line too long"));
            } catch (IOException e) {
                stillWanted(between);
                throw e;
            }
        }
    }

    private void stillWanted(boolean between) throws SessionEnd {
        if (between && !conn.commandArrived()) {
            throw new SessionEnd(null); // the stopping server already said goodbye
        }
    }

    private void lastWords(String line) {
        if (line == null || protocol == null || !protocol.talking()) {
            return;
        }
        try {
            conn.write(line);
            conn.flush();
        } catch (IOException e) {
            // the client is gone
        }
    }

    /** Forcibly closes the connection (a stop that ran out of time). */
    void abort() {
        if (conn != null) {
            conn.abort();
        }
    }
}
