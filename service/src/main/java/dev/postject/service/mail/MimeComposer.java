package dev.postject.service.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.mail.util.StreamProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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

    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private MimeComposer() {}

    /** A Date header's value (RFC 5322), in UTC. */
    public static String date(java.time.Instant at) {
        return DATE.format(at);
    }

    public static byte[] compose(Composition email) {
        try {
            MimeMessage message = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", email.messageId());
                }
            };
            setAddresses(message, "From", List.of(email.from()));
            setAddresses(message, "To", email.to());
            setAddresses(message, "Cc", email.cc());
            setAddresses(message, "Reply-To", email.replyTo());
            message.setHeader("Subject", headerValue("Subject", email.subject()));
            message.setHeader("Date", date(email.date()));
            for (Map.Entry<String, String> header : email.headers().entrySet()) {
                message.addHeader(header.getKey(), headerValue(header.getKey(), header.getValue()));
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
                    name(part, attachment);
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

    /**
     * The attachment's file name, in Content-Disposition and (for older readers) Content-Type. An
     * ASCII name as Jakarta Mail writes it; any other as RFC 2231 UTF-8 in sections, which Jakarta
     * Mail does not split, so that no line of a long international name grows past 998.
     */
    private static void name(MimeBodyPart part, Composition.Attachment attachment) throws MessagingException {
        String filename = attachment.filename();
        if (filename.chars().allMatch(c -> c < 0x80)) {
            part.setFileName(filename);
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            return;
        }
        part.setHeader("Content-Type", attachment.contentType() + ";" + extendedParameter("name", filename));
        part.setHeader("Content-Disposition", MimeBodyPart.ATTACHMENT + ";" + extendedParameter("filename", filename));
    }

    /** RFC 2231: {@code name*0*=UTF-8''...; name*1*=...}, sections of at most 64 characters, one per line. */
    static String extendedParameter(String name, String value) {
        List<String> sections = new ArrayList<>();
        StringBuilder section = new StringBuilder("UTF-8''");
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            String encoded = attributeChars(c);
            if (section.length() + encoded.length() > 64) {
                sections.add(section.toString());
                section.setLength(0);
            }
            section.append(encoded);
            i += Character.charCount(c);
        }
        sections.add(section.toString());
        if (sections.size() == 1) {
            return "\r\n\t" + name + "*=" + sections.get(0);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sections.size(); i++) {
            out.append(i == 0 ? "" : ";")
                    .append("\r\n\t")
                    .append(name)
                    .append('*')
                    .append(i)
                    .append("*=");
            out.append(sections.get(i));
        }
        return out.toString();
    }

    /** One character as RFC 2231 attribute-chars: itself when allowed, else its UTF-8 bytes as %XX. */
    private static String attributeChars(int c) {
        if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
            return String.valueOf((char) c);
        }
        StringBuilder out = new StringBuilder();
        for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
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

    /**
     * A header's value as it is written: text that is not ASCII as RFC 2047 encoded-words (as
     * Jakarta Mail writes a subject), folded at whitespace into lines of at most 76 characters
     * where it has whitespace (RFC 5322 2.2.3). Unfolding gives the value back.
     */
    public static String headerValue(String name, String value) {
        try {
            return MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(value, UTF_8, null));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The length of the longest line of this header as it is written, its name included. */
    public static int longestLine(String name, String value) {
        int longest = 0;
        for (String line : (name + ": " + headerValue(name, value)).split("\r\n")) {
            longest = Math.max(longest, line.length());
        }
        return longest;
    }

    /**
     * An address header: display names that are not ASCII as encoded-words, the list folded
     * between and within addresses where it has whitespace.
     */
    private static void setAddresses(MimeMessage message, String name, List<String> entries) throws MessagingException {
        if (entries.isEmpty()) {
            return;
        }
        List<String> written = new ArrayList<>(entries.size());
        for (String entry : entries) {
            InternetAddress parsed = new InternetAddress(entry, true);
            try {
                written.add(new InternetAddress(parsed.getAddress(), parsed.getPersonal(), UTF_8).toString());
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        message.setHeader(name, MimeUtility.fold(name.length() + 2, String.join(", ", written)));
    }
}
