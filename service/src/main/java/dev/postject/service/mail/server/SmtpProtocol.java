package dev.postject.service.mail.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What each SMTP command means for one session: its state (HELO name, TLS, authentication, the
 * transaction), the server's own checks and replies, and the calls to the {@link SmtpHandler}.
 */
final class SmtpProtocol<P> {
    private static final class Transaction {
        final MailAddress from;
        final MailParameters parameters;
        final List<MailAddress> recipients = new ArrayList<>();

        Transaction(MailAddress from, MailParameters parameters) {
            this.from = from;
            this.parameters = parameters;
        }
    }

    private final SmtpServerSettings settings;
    private final SSLContext tls;
    private final SmtpConnection conn;
    private final HandlerCalls<P> handler;
    private final String host;
    private boolean talking;
    private ClientInfo client;
    private String helo;
    private boolean esmtp;
    private P principal;
    private Transaction tx;
    private int errors;
    private int authFailures;

    SmtpProtocol(SmtpServerSettings settings, SSLContext tls, SmtpConnection conn, SmtpHandler<P> handler) {
        this.settings = settings;
        this.tls = tls;
        this.conn = conn;
        this.host = settings.hostname();
        this.handler = new HandlerCalls<>(handler, host);
        this.client = conn.clientInfo();
    }

    /** Asks the handler whether to greet this client; a refusal ends the session with it. */
    void connected() throws SessionEnd {
        Optional<SmtpReply> refusal = handler.connected(client);
        talking = true;
        if (refusal.isPresent()) {
            throw new SessionEnd(refusal.get().toString());
        }
    }

    /** Whether the client can read a plaintext reply now (not during a TLS handshake). */
    boolean talking() {
        return talking;
    }

    boolean inTransaction() {
        return tx != null;
    }

    void command(byte[] bytes) throws IOException, SessionEnd {
        try {
            CommandLine line = CommandLine.parse(bytes);
            String argument = line.argument();
            switch (line.verb()) {
                case "EHLO" -> hello(argument, true);
                case "HELO" -> hello(argument, false);
                case "MAIL" -> mail(argument);
                case "RCPT" -> rcpt(argument);
                case "DATA" -> data(argument);
                case "RSET" -> {
                    endTransaction();
                    reply(SmtpReply.OK);
                }
                case "NOOP" -> reply(SmtpReply.OK);
                case "QUIT" -> throw new SessionEnd("221 2.0.0 Bye");
                case "STARTTLS" -> startTls(argument);
                case "AUTH" -> auth(argument);
                case "VRFY" -> reply(new SmtpReply(252, "2.5.0", "Cannot VRFY user, but will accept message"));
                case "GET", "POST", "HEAD", "PUT", "CONNECT" ->
                    throw new SessionEnd("421 4.7.0 " + host + " Not an SMTP command");
                default -> throw new SmtpRefusal(502, "5.5.1", "Command not recognized", true);
            }
        } catch (SmtpRefusal r) {
            if (r.error) {
                error(r.reply);
            } else {
                reply(r.reply);
            }
        }
    }

    private void hello(String argument, boolean extended) throws IOException, SmtpRefusal {
        if (argument.isBlank()) {
            throw SmtpRefusal.syntax(extended ? "Syntax: EHLO hostname" : "Syntax: HELO hostname");
        }
        endTransaction();
        helo = argument.trim();
        esmtp = extended;
        if (!extended) {
            conn.write("250 " + host);
            return;
        }
        List<String> lines = new ArrayList<>(List.of(
                host,
                "PIPELINING",
                "SIZE " + settings.maxMessageSize(),
                "8BITMIME",
                "SMTPUTF8",
                "ENHANCEDSTATUSCODES"));
        if (startTlsOffered()) {
            lines.add("STARTTLS");
        }
        if (authOffered()) {
            lines.add("AUTH " + SmtpAuth.MECHANISMS);
        }
        for (int i = 0; i < lines.size(); i++) {
            conn.write("250" + (i == lines.size() - 1 ? " " : "-") + lines.get(i));
        }
    }

    private void mail(String argument) throws IOException, SmtpRefusal {
        if (helo == null) {
            throw SmtpRefusal.sequence("Send HELO/EHLO first");
        }
        if (tx != null) {
            throw SmtpRefusal.sequence("Nested MAIL command");
        }
        EnvelopeArguments.Mail mail = EnvelopeArguments.mail(argument, settings.maxMessageSize());
        SmtpReply reply = handler.mailFrom(session(), mail.from(), mail.parameters());
        if (reply.positive()) {
            tx = new Transaction(mail.from(), mail.parameters());
        }
        reply(reply);
    }

    private void rcpt(String argument) throws IOException, SmtpRefusal {
        if (tx == null) {
            throw SmtpRefusal.sequence("Need MAIL before RCPT");
        }
        MailAddress to = EnvelopeArguments.rcpt(argument, tx.parameters.smtputf8());
        if (tx.recipients.size() >= settings.maxRecipients()) {
            throw new SmtpRefusal(452, "4.5.3", "Too many recipients", false);
        }
        SmtpReply reply = handler.rcptTo(session(), to);
        if (reply.positive()) {
            tx.recipients.add(to);
        }
        reply(reply);
    }

    private void data(String argument) throws IOException, SessionEnd, SmtpRefusal {
        if (!argument.isBlank()) {
            throw SmtpRefusal.syntax("Syntax: DATA");
        }
        if (tx == null) {
            throw SmtpRefusal.sequence("Need MAIL command");
        }
        if (tx.recipients.isEmpty()) {
            throw new SmtpRefusal(554, "5.5.1", "No valid recipients", false);
        }
        conn.write("354 End data with <CR><LF>.<CR><LF>");
        conn.flush();
        DataReader.Result message =
                DataReader.read(conn, settings.maxMessageSize(), settings.dataTimeoutMillis(), settings.minDataRate());
        Transaction done = tx;
        try {
            if (message.tooLarge()) {
                reply(new SmtpReply(552, "5.3.4", "Message size exceeds fixed limit"));
            } else if (message.bareLineEnd()) {
                error(new SmtpReply(
                        550, "5.6.0", "Message refused: bare CR or LF in content, lines must end with CRLF"));
            } else {
                Envelope<P> envelope = new Envelope<>(session(), done.from, done.parameters, done.recipients);
                reply(handler.data(envelope, message.message()));
            }
        } finally {
            endTransaction();
        }
    }

    private void startTls(String argument) throws IOException, SmtpRefusal {
        if (conn.tls()) {
            throw SmtpRefusal.sequence("TLS already active");
        }
        if (tls == null) {
            throw new SmtpRefusal(454, "4.7.0", "TLS not available", false);
        }
        if (!argument.isBlank()) {
            throw SmtpRefusal.syntax("Syntax: STARTTLS");
        }
        if (tx != null) {
            throw SmtpRefusal.sequence("MAIL transaction in progress");
        }
        conn.write("220 2.0.0 Ready to start TLS");
        conn.flush();
        talking = false;
        conn.startTls(tls, settings.commandTimeoutMillis());
        talking = true;
        // a new session (RFC 3207): EHLO again, no authentication carried over
        client = conn.clientInfo();
        helo = null;
        esmtp = false;
        principal = null;
    }

    private void auth(String argument) throws IOException, SessionEnd, SmtpRefusal {
        if (!settings.authentication()) {
            throw new SmtpRefusal(502, "5.5.1", "Command not recognized", true);
        }
        if (!esmtp) {
            throw SmtpRefusal.sequence("Send EHLO first");
        }
        if (principal != null) {
            throw SmtpRefusal.sequence("Already authenticated");
        }
        if (tx != null) {
            throw SmtpRefusal.sequence("MAIL transaction in progress");
        }
        if (!authOffered()) {
            throw startTlsOffered()
                    ? new SmtpRefusal(530, "5.7.0", "Must issue a STARTTLS command first", true)
                    : new SmtpRefusal(
                            538, "5.7.11", "Encryption required for requested authentication mechanism", true);
        }
        Credentials credentials = new SmtpAuth(conn, settings.commandTimeoutMillis()).credentials(argument);
        AuthResult<P> result = handler.authenticate(client, credentials);
        if (result instanceof AuthResult.Accepted<P> accepted) {
            principal = accepted.principal();
            reply(new SmtpReply(235, "2.7.0", "Authentication successful"));
        } else if (result instanceof AuthResult.TemporaryFailure<P>) {
            reply(new SmtpReply(454, "4.7.0", "Temporary authentication failure"));
        } else {
            if (++authFailures >= settings.maxAuthFailures()) {
                reply(SmtpReply.INVALID_CREDENTIALS);
                throw new SessionEnd("421 4.7.0 " + host + " Error: too many failed authentications");
            }
            error(SmtpReply.INVALID_CREDENTIALS);
        }
    }

    private boolean startTlsOffered() {
        return tls != null && !conn.tls();
    }

    private boolean authOffered() {
        return settings.authentication() && (conn.tls() || (settings.plaintextAuthOnLoopback() && client.loopback()));
    }

    private SessionInfo<P> session() {
        return new SessionInfo<>(client, helo, Optional.ofNullable(principal));
    }

    private void endTransaction() {
        if (tx != null) {
            tx = null;
            handler.reset();
        }
    }

    void closed() {
        handler.closed();
    }

    private void reply(SmtpReply reply) throws IOException {
        conn.write(reply.toString());
    }

    /** Replies, and counts a protocol error: the last one allowed ends the session. */
    void error(SmtpReply reply) throws IOException, SessionEnd {
        reply(reply);
        if (++errors >= settings.maxErrors()) {
            throw new SessionEnd("421 4.7.0 " + host + " Error: too many errors");
        }
    }
}
