package dev.postject.service.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.mail.util.StreamProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * Builds the MIME message once, when the email is accepted: the bytes stored are the bytes sent
 * on every attempt, so the {@code Message-ID} is stable across retries.
 */
public final class MimeComposer {
    static {
        // Jakarta Mail looks its stream provider up on every encoder it makes; without this name it
        // scans the class path with a ServiceLoader each time (a fifth of the cost of accepting an email)
        System.getProperties().putIfAbsent(StreamProvider.class.getName(), MailStreamProvider.class.getName());
    }

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private MimeComposer() {}

    public static byte[] compose(Composition email) {
        try {
            MimeMessage message = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", email.messageId());
                }
            };
            message.setFrom(new InternetAddress(email.from(), true));
            message.setRecipients(MimeMessage.RecipientType.TO, addresses(email.to()));
            if (!email.cc().isEmpty()) {
                message.setRecipients(MimeMessage.RecipientType.CC, addresses(email.cc()));
            }
            if (!email.replyTo().isEmpty()) {
                message.setReplyTo(addresses(email.replyTo()));
            }
            message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            message.setHeader("Date", DATE.format(email.date()));
            for (Map.Entry<String, String> header : email.headers().entrySet()) {
                message.addHeader(header.getKey(), header.getValue());
            }
            if (email.attachments().isEmpty()) {
                fill(message, email.text(), email.html());
            } else {
                MimeBodyPart body = new MimeBodyPart();
                fill(body, email.text(), email.html());
                MimeMultipart mixed = new MimeMultipart("mixed");
                mixed.addBodyPart(body);
                for (Composition.Attachment attachment : email.attachments()) {
                    MimeBodyPart part = new MimeBodyPart();
                    part.setDataHandler(
                            new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.contentType())));
                    part.setFileName(attachment.filename());
                    part.setDisposition(MimeBodyPart.ATTACHMENT);
                    // base64 for every attachment: text files keep their exact bytes (no CRLF rewriting)
                    part.setHeader("Content-Transfer-Encoding", "base64");
                    mixed.addBodyPart(part);
                }
                message.setContent(mixed);
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException e) {
            throw new IllegalArgumentException("Cannot compose the message: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text, HTML, or both as multipart/alternative (plain first, as clients prefer the last). */
    private static void fill(MimePart part, String text, String html) throws MessagingException {
        if (text != null && html != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            setText(plain, text, "plain");
            MimeBodyPart rich = new MimeBodyPart();
            setText(rich, html, "html");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(rich);
            part.setContent(alternative);
        } else if (html != null) {
            setText(part, html, "html");
        } else {
            setText(part, text, "plain");
        }
    }

    /**
     * UTF-8 text: {@code 7bit} when it is ASCII in lines SMTP carries as they are, else
     * quoted-printable. Choosing here spares Jakarta Mail an encoding pass over the text.
     */
    private static void setText(MimePart part, String text, String subtype) throws MessagingException {
        part.setText(text, StandardCharsets.UTF_8.name(), subtype);
        part.setHeader("Content-Transfer-Encoding", isPlain7bit(text) ? "7bit" : "quoted-printable");
    }

    /** ASCII without NUL or bare CR, and no line longer than RFC 5322's 998 characters. */
    static boolean isPlain7bit(String text) {
        int lineLength = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lineLength = 0;
                continue;
            }
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                continue; // the end of a CRLF line
            }
            if (c == 0 || c == '\r' || c > 127 || ++lineLength > 998) {
                return false;
            }
        }
        return true;
    }

    private static InternetAddress[] addresses(List<String> list) throws MessagingException {
        InternetAddress[] out = new InternetAddress[list.size()];
        for (int i = 0; i < list.size(); i++) {
            out[i] = new InternetAddress(list.get(i), true);
        }
        return out;
    }
}
