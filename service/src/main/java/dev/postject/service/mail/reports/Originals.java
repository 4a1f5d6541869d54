package dev.postject.service.mail.reports;

/** The returned original message, from its header fields. */
final class Originals {
    private Originals() {}

    /** The original whose header is {@code fields}; null when they hold none of the fields that matter. */
    static OriginalMessage of(Fields fields, boolean headersOnly) {
        String returnPath = bare(fields.first("Return-Path"));
        OriginalMessage original = new OriginalMessage(
                fields.first("Message-ID"),
                fields.decoded("From"),
                fields.decoded("To"),
                fields.decoded("Subject"),
                returnPath,
                headersOnly);
        boolean empty = original.messageId() == null
                && original.from() == null
                && original.to() == null
                && original.subject() == null
                && original.returnPath() == null;
        return empty ? null : original;
    }

    /**
     * An address as reports write it, bare: without a type ({@code rfc822;}), angle brackets or
     * spaces; null when nothing is left or it is longer than an address can be (RFC 5321: 254).
     */
    static String bare(String value) {
        if (value == null) {
            return null;
        }
        String address = value;
        int semicolon = address.indexOf(';');
        if (semicolon >= 0 && semicolon < 16 && !address.substring(0, semicolon).contains("@")) {
            address = address.substring(semicolon + 1); // rfc822; user@example.com
        }
        address = address.strip();
        int open = address.indexOf('<');
        int close = address.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            address = address.substring(open + 1, close);
        }
        address = address.strip();
        return address.isEmpty() || address.length() > 254 || address.contains(" ") ? null : address;
    }

    /** A report's typed name ({@code dns; mx.example.com}) without its type; null when empty. */
    static String untyped(String value) {
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        String name = (semicolon >= 0 ? value.substring(semicolon + 1) : value).strip();
        return name.isEmpty() ? null : name;
    }
}
