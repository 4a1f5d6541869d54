package dev.postject.service.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Talks SMTP to the configured relay: STARTTLS as configured, AUTH when a username is set. Each
 * {@link Connection} stays open across messages and reconnects when the server drops it. The only
 * place in Postject that speaks SMTP.
 */
public final class SmtpClient {
    /** How long after its last exchange a connection is taken to be open without asking the server. */
    static final Duration FRESH = Duration.ofSeconds(1);

    private final SmtpSettings settings;
    private final long freshNanos;
    private final Session session;

    public SmtpClient(SmtpSettings settings) {
        this(settings, FRESH);
    }

    /** With connections taken to be open for {@code fresh} after their last exchange. */
    SmtpClient(SmtpSettings settings, Duration fresh) {
        this.settings = settings;
        this.freshNanos = fresh.toNanos();
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", settings.host());
        properties.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        properties.setProperty("mail.smtp.connectiontimeout", "10000");
        properties.setProperty("mail.smtp.timeout", "60000");
        properties.setProperty("mail.smtp.writetimeout", "60000");
        properties.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.tls() != SmtpSettings.Tls.OFF));
        properties.setProperty(
                "mail.smtp.starttls.required", Boolean.toString(settings.tls() == SmtpSettings.Tls.REQUIRED));
        properties.setProperty(
                "mail.smtp.auth", Boolean.toString(!settings.username().isBlank()));
        this.session = Session.getInstance(properties);
    }

    public Connection connection() {
        return new Connection();
    }

    /**
     * One SMTP connection, used by one worker at a time. A connection used in the last
     * {@link #FRESH} is taken to be open; one idle for longer is asked first (a NOOP, Jakarta Mail's
     * liveness check), and replaced when it is not.
     */
    public final class Connection implements AutoCloseable {
        private SMTPTransport transport;
        private long lastExchange;

        /**
         * Sends stored MIME bytes to one recipient. Never throws: a refusal or a network failure
         * comes back as the reply it amounts to. A connection taken to be open that turns out
         * closed (no answer, or the server's 421) is replaced, and the message sent once more.
         */
        public SmtpReply send(String envelopeFrom, String recipient, byte[] mime) {
            boolean trusted = transport != null && System.nanoTime() - lastExchange < freshNanos;
            try {
                return sendOnce(envelopeFrom, recipient, mime);
            } catch (MessagingException e) {
                close();
                SmtpReply reply = replyOf(e);
                if (!trusted || (reply.code() != 0 && reply.code() != 421)) {
                    return reply;
                }
            }
            try {
                return sendOnce(envelopeFrom, recipient, mime);
            } catch (MessagingException e) {
                close();
                return replyOf(e);
            }
        }

        private SmtpReply sendOnce(String envelopeFrom, String recipient, byte[] mime) throws MessagingException {
            ensureConnected();
            SMTPMessage message = new StoredMessage(session, mime);
            message.setEnvelopeFrom(envelopeFrom);
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(recipient, false)});
            lastExchange = System.nanoTime();
            return new SmtpReply(transport.getLastReturnCode(), strip(transport.getLastServerResponse()));
        }

        private void ensureConnected() throws MessagingException {
            if (transport != null && (System.nanoTime() - lastExchange < freshNanos || transport.isConnected())) {
                return;
            }
            close();
            transport = (SMTPTransport) session.getTransport("smtp");
            if (settings.username().isBlank()) {
                transport.connect();
            } else {
                transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            }
        }

        @Override
        public void close() {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException ignored) {
                    // the connection is gone either way
                }
                transport = null;
            }
        }
    }

    /**
     * Stored MIME bytes as a message, sent as they are: the transport only needs {@code writeTo},
     * so nothing is parsed (it dot-stuffs and checks line endings on the way out).
     */
    private static final class StoredMessage extends SMTPMessage {
        private final byte[] mime;

        StoredMessage(Session session, byte[] mime) {
            super(session);
            this.mime = mime;
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
            out.write(mime);
        }

        @Override
        public int getSize() {
            return mime.length;
        }
    }

    /** The server's verdict inside a failure: the first SMTP reply code found, else no code. */
    static SmtpReply replyOf(MessagingException failure) {
        for (Exception e = failure; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
            if (e instanceof SMTPAddressFailedException address) {
                return new SmtpReply(address.getReturnCode(), strip(address.getMessage()));
            }
            if (e instanceof SMTPSendFailedException send && send.getReturnCode() > 0) {
                return new SmtpReply(send.getReturnCode(), strip(send.getMessage()));
            }
        }
        return new SmtpReply(0, "No SMTP answer: " + failure.getMessage());
    }

    private static String strip(String response) {
        if (response == null) {
            return "";
        }
        String text = response.strip();
        return text.length() > 3 && Character.isDigit(text.charAt(0)) && Character.isDigit(text.charAt(2))
                ? text.substring(3).strip()
                : text;
    }
}
