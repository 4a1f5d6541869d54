package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jakarta Mail (Angus) as a real client: plaintext, STARTTLS, implicit TLS, AUTH, attachments, SMTPUTF8. */
class JakartaMailClientTest {
    private final RecordingHandler handler = new RecordingHandler().user("app@example.com", "token-123");
    private SmtpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private Properties properties(String protocol) {
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", "localhost");
        p.put(prefix + "port", String.valueOf(server.port()));
        p.put(prefix + "connectiontimeout", "10000");
        p.put(prefix + "timeout", "10000");
        p.put(prefix + "ssl.socketFactory", TestServers.clientTls().getSocketFactory());
        p.put(prefix + "ssl.checkserveridentity", "true");
        return p;
    }

    private static MimeMessage message(Session session, String from, String to) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Hello");
        message.setText("Hello from Jakarta Mail.\r\n.a line that starts with a dot\r\n", "UTF-8");
        message.saveChanges();
        return message;
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private void send(Session session, String protocol, MimeMessage message, String user, String password)
            throws Exception {
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect(user, password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    @Test
    void aPlaintextMessageArrivesByteForByte() throws Exception {
        server = TestServers.start(TestServers.settings(), handler);
        Session session = Session.getInstance(properties("smtp"));
        MimeMessage message = message(session, "app@example.com", "friend@example.org");
        send(session, "smtp", message, null, null);

        assertThat(handler.messages).hasSize(1);
        assertThat(handler.messages.get(0).content()).isEqualTo(bytes(message));
        assertThat(handler.messages.get(0).envelope().recipients())
                .containsExactly(new MailAddress("friend", "example.org"));
    }

    @Test
    void starttlsWithAuthPlainTrustingTheGeneratedCertificate() throws Exception {
        server = TestServers.start(TestServers.settings().authentication(true), TestServers.serverTls(), handler);
        handler.requireAuthentication = true;
        Properties p = properties("smtp");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.auth.mechanisms", "PLAIN");
        Session session = Session.getInstance(p);
        send(
                session,
                "smtp",
                message(session, "app@example.com", "friend@example.org"),
                "app@example.com",
                "token-123");

        assertThat(handler.messages).hasSize(1);
        assertThat(handler.senders.get(0).client().tls()).isTrue();
        assertThat(handler.senders.get(0).principal()).hasValue("user:app@example.com");
        assertThat(handler.calls).contains("authenticate PLAIN app@example.com");
    }

    @Test
    void implicitTlsWithAuthLogin() throws Exception {
        server = TestServers.start(
                TestServers.settings().authentication(true).mode(SmtpServerSettings.Mode.IMPLICIT_TLS),
                TestServers.serverTls(),
                handler);
        handler.requireAuthentication = true;
        Properties p = properties("smtps");
        p.put("mail.smtps.auth", "true");
        p.put("mail.smtps.auth.mechanisms", "LOGIN");
        Session session = Session.getInstance(p);
        send(
                session,
                "smtps",
                message(session, "app@example.com", "friend@example.org"),
                "app@example.com",
                "token-123");

        assertThat(handler.messages).hasSize(1);
        assertThat(handler.calls).contains("connected tls", "authenticate LOGIN app@example.com");
    }

    @Test
    void wrongCredentialsFailTheClientsAuthentication() throws Exception {
        server = TestServers.start(
                TestServers.settings().authentication(true).mode(SmtpServerSettings.Mode.IMPLICIT_TLS),
                TestServers.serverTls(),
                handler);
        Properties p = properties("smtps");
        p.put("mail.smtps.auth", "true");
        Session session = Session.getInstance(p);
        assertThatThrownBy(() -> send(
                        session,
                        "smtps",
                        message(session, "a@example.com", "b@example.org"),
                        "app@example.com",
                        "nope"))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("535 5.7.8");
        assertThat(handler.messages).isEmpty();
    }

    @Test
    void aMessageWithABinaryAttachmentArrivesByteForByte() throws Exception {
        server = TestServers.start(TestServers.settings().maxMessageSize(5_000_000), handler);
        Session session = Session.getInstance(properties("smtp"));
        byte[] attachment = new byte[300_000];
        new Random(42).nextBytes(attachment);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("app@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("friend@example.org"));
        message.setSubject("Your invoice");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Attached.\r\n.\r\n..\r\n", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, "application/octet-stream")));
        file.setFileName("invoice.bin");
        message.setContent(new MimeMultipart(text, file));
        message.saveChanges();
        send(session, "smtp", message, null, null);

        byte[] received = handler.messages.get(0).content();
        assertThat(received).isEqualTo(bytes(message));
        MimeMessage parsed = new MimeMessage(session, new ByteArrayInputStream(received));
        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(attachment);
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Attached.\r\n.\r\n..\r\n");
    }

    @Test
    void anSmtputf8AddressIsDeclaredAndDelivered() throws Exception {
        server = TestServers.start(TestServers.settings(), handler);
        Properties p = properties("smtp");
        p.put("mail.mime.allowutf8", "true");
        Session session = Session.getInstance(p);
        send(session, "smtp", message(session, "jörg@exämple.de", "李@例子.中国"), null, null);

        RecordingHandler.Message received = handler.messages.get(0);
        assertThat(received.envelope().parameters().smtputf8()).isTrue();
        assertThat(received.envelope().from()).isEqualTo(new MailAddress("jörg", "exämple.de"));
        assertThat(received.envelope().recipients()).containsExactly(new MailAddress("李", "例子.中国"));
        assertThat(received.text()).contains("From: jörg@exämple.de");
    }
}
