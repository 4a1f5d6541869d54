package dev.postject.service.mail.reports;

/**
 * The message a report is about, as the report returns it (the whole message or only its header).
 * Each field is the header's value, unfolded, encoded words decoded; null when absent.
 *
 * @param messageId its {@code Message-ID}, angle brackets included ({@code <msg_...@example.com>})
 * @param returnPath its {@code Return-Path}, without angle brackets: the envelope sender, which
 *     carries Postject's VERP token
 * @param headersOnly true when only the header came back ({@code text/rfc822-headers}, or a message with no body)
 */
public record OriginalMessage(
        String messageId, String from, String to, String subject, String returnPath, boolean headersOnly) {}
