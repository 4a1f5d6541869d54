package dev.postject.service.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The MIME structure of a whole message someone else composed (an SMTP submission): whether it can
 * be read at all, and its HTML parts, the ones tracking rewrites (every {@code text/html} part that
 * is not an attachment, in multiparts at any depth; never inside an attached message).
 */
public final class MimeParts {
    private static final Session SESSION = Session.getInstance(new Properties());

    private MimeParts() {}

    /** How many HTML parts the message has; throws {@link IllegalArgumentException} when its MIME structure is unreadable. */
    public static int htmlParts(byte[] message) {
        try {
            return html(parse(message)).size();
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("The message's MIME structure cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The message with the HTML of each HTML part replaced by {@code rewrite} of it (in the part's
     * charset, UTF-8 when it names none; its transfer encoding chosen again). Every other part and
     * header stays as it was, the Message-ID included. A part whose text cannot be decoded is left as
     * it is.
     */
    public static byte[] rewriteHtml(byte[] message, UnaryOperator<String> rewrite) {
        try {
            MimeMessage kept = new MimeMessage(SESSION, new ByteArrayInputStream(message)) {
                @Override
                protected void updateMessageID() {
                    // the message keeps the Message-ID it has
                }
            };
            for (MimePart part : html(kept)) {
                String html;
                try {
                    html = (String) part.getContent();
                } catch (UnsupportedEncodingException | ClassCastException e) {
                    continue;
                }
                String charset = charset(part);
                part.removeHeader("Content-Transfer-Encoding");
                part.setText(rewrite.apply(html), charset, "html");
            }
            kept.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 1024);
            kept.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("The message's MIME structure cannot be read: " + e.getMessage(), e);
        }
    }

    private static MimeMessage parse(byte[] message) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(message));
    }

    private static List<MimePart> html(MimePart root) throws MessagingException, IOException {
        List<MimePart> found = new ArrayList<>();
        walk(root, found);
        return found;
    }

    private static void walk(MimePart part, List<MimePart> found) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            if (!(part.getContent() instanceof Multipart multipart)) {
                throw new MessagingException("a multipart that is not one");
            }
            for (int i = 0; i < multipart.getCount(); i++) {
                walk((MimePart) multipart.getBodyPart(i), found);
            }
        } else if (part.isMimeType("text/html") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            found.add(part);
        }
    }

    private static String charset(MimePart part) throws MessagingException {
        try {
            String charset = new ContentType(part.getContentType()).getParameter("charset");
            return charset == null || charset.isBlank() ? "UTF-8" : charset;
        } catch (ParseException e) {
            return "UTF-8";
        }
    }
}
