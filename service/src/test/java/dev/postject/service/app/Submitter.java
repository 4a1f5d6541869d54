package dev.postject.service.app;

import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * SMTP clients of a running Postject's submission listeners: Jakarta Mail (STARTTLS or implicit
 * TLS, trusting exactly the certificate Postject generated into its data directory) and raw
 * sockets for what a well-behaved client never sends.
 */
final class Submitter {
    private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 OK queued as (msg_[A-Za-z0-9]+)");

    private static final AtomicInteger N = new AtomicInteger();

    private final PostjectApp app;

    /** An account with a key and two confirmed addresses: one to send from, one to send to. */
    record Sender(Api.Session session, String key, String from, String to) {}

    static Sender sender(PostjectApp app, ScriptedSmtpServer smtp) {
        int n = N.incrementAndGet();
        Api api = app.api();
        Api.Session session = api.signUp("smtp" + n + "-" + System.nanoTime() + "@example.com");
        String key = api.createKey(session.token(), "{}").get("key").asText();
        String from = "app-" + n + "@submit.test";
        String to = "ann-" + n + "@submit.test";
        Mailbox.confirm(api, smtp, key, from);
        Mailbox.confirm(api, smtp, key, to);
        return new Sender(session, key, from, to);
    }

    Submitter(PostjectApp app) {
        this.app = app;
    }

    /** The certificate Postject made for itself, as a client that pins it finds it. */
    Path certificateFile() {
        return app.dataDir().resolve("tls").resolve("cert.pem");
    }

    X509Certificate certificate() {
        try (InputStream in = Files.newInputStream(certificateFile())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client TLS context that trusts exactly Postject's certificate. */
    SSLContext trusting() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("postject", certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Jakarta Mail session to the STARTTLS port (TLS required) or the implicit-TLS port, with AUTH
     * by {@code mechanism} (PLAIN or LOGIN), verifying the server's name and certificate.
     */
    Session session(boolean implicitTls, String mechanism) {
        String protocol = implicitTls ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        Properties p = new Properties();
        p.put(prefix + "host", "localhost");
        p.put(
                prefix + "port",
                String.valueOf(
                        implicitTls
                                ? app.submission().tlsPort()
                                : app.submission().port()));
        p.put(prefix + "connectiontimeout", "10000");
        p.put(prefix + "timeout", "20000");
        p.put(prefix + "ssl.socketFactory", trusting().getSocketFactory());
        p.put(prefix + "ssl.checkserveridentity", "true");
        p.put(prefix + "auth", "true");
        p.put(prefix + "auth.mechanisms", mechanism);
        if (!implicitTls) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        return Session.getInstance(p);
    }

    /** Sends the message with this password and answers the email id in Postject's {@code 250} reply. */
    static String send(Session session, MimeMessage message, String password) throws Exception {
        boolean implicitTls = session.getProperty("mail.smtps.host") != null;
        try (Transport transport = session.getTransport(implicitTls ? "smtps" : "smtp")) {
            transport.connect("any user name", password);
            transport.sendMessage(message, message.getAllRecipients());
            String reply = ((org.eclipse.angus.mail.smtp.SMTPTransport) transport).getLastServerResponse();
            Matcher id = QUEUED.matcher(reply);
            if (!id.find()) {
                throw new AssertionError("not queued: " + reply);
            }
            return id.group(1);
        }
    }

    static MimeMessage message(Session session, String from, String to, String subject) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("Sent over SMTP.\r\n", "UTF-8");
        return message;
    }

    /** A plaintext session from loopback (where AUTH is offered without TLS), greeted and said EHLO to. */
    RawSmtp raw() {
        try {
            RawSmtp client = RawSmtp.connect(app.submission().port());
            client.reply();
            client.send("EHLO client.test");
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw session authenticated with {@code password} (AUTH PLAIN). */
    RawSmtp authenticated(String password) throws IOException {
        RawSmtp client = raw();
        String reply = client.send("AUTH PLAIN " + RawSmtp.plain("app", password));
        if (!reply.startsWith("235 ")) {
            throw new AssertionError("AUTH: " + reply);
        }
        return client;
    }

    /** The email id in a {@code 250} reply to DATA. */
    static String queuedId(String reply) {
        Matcher id = QUEUED.matcher(reply);
        if (!id.find()) {
            throw new AssertionError("not queued: " + reply);
        }
        return id.group(1);
    }
}
