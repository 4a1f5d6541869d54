package dev.postject.service.mail.direct;

import java.util.List;

/** One SMTP transaction's envelope and content: MAIL FROM ({@code from} empty: the null sender), RCPT TO each recipient, the MIME bytes. */
public record Envelope(String from, List<String> recipients, byte[] mime) {
    public Envelope {
        recipients = List.copyOf(recipients);
    }
}
