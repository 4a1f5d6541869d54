package dev.postject.service.mail.server;

import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/** Parses the arguments of MAIL FROM and RCPT TO: the path, then the ESMTP parameters. */
final class EnvelopeArguments {
    record Mail(MailAddress from, MailParameters parameters) {}

    private EnvelopeArguments() {}

    static Mail mail(String argument, long maxMessageSize) throws SmtpRefusal {
        int start = prefix(argument, "FROM:", "Syntax: MAIL FROM:<address>");
        PathParser.Parsed path;
        try {
            path = PathParser.parse(argument, start, true, false);
        } catch (IllegalArgumentException e) {
            throw new SmtpRefusal(501, "5.1.7", "Bad sender address syntax", true);
        }
        OptionalLong size = OptionalLong.empty();
        MailParameters.Body body = MailParameters.Body.UNSPECIFIED;
        boolean smtputf8 = false;
        Set<String> seen = new HashSet<>();
        for (String parameter : parameters(argument, path.end())) {
            int eq = parameter.indexOf('=');
            String key = (eq < 0 ? parameter : parameter.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : parameter.substring(eq + 1);
            if (!seen.add(key)) {
                throw SmtpRefusal.syntax("Duplicate parameter " + key);
            }
            switch (key) {
                case "SIZE" -> size = OptionalLong.of(size(value));
                case "BODY" -> body = body(value);
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw SmtpRefusal.syntax("SMTPUTF8 takes no value");
                    }
                    smtputf8 = true;
                }
                case "AUTH" -> {
                    // RFC 4954's AUTH=<mailbox> of a relaying client: accepted and not trusted
                }
                default -> throw new SmtpRefusal(555, "5.5.4", "Unsupported parameter " + key, true);
            }
        }
        if (!smtputf8 && !path.address().ascii()) {
            throw new SmtpRefusal(553, "5.6.7", "A non-ASCII address needs SMTPUTF8", false);
        }
        if (size.isPresent() && size.getAsLong() > maxMessageSize) {
            throw new SmtpRefusal(552, "5.3.4", "Message size exceeds fixed limit", false);
        }
        return new Mail(path.address(), new MailParameters(size, body, smtputf8));
    }

    static MailAddress rcpt(String argument, boolean smtputf8) throws SmtpRefusal {
        int start = prefix(argument, "TO:", "Syntax: RCPT TO:<address>");
        PathParser.Parsed path;
        try {
            path = PathParser.parse(argument, start, false, true);
        } catch (IllegalArgumentException e) {
            throw new SmtpRefusal(501, "5.1.3", "Bad recipient address syntax", true);
        }
        String[] parameters = parameters(argument, path.end());
        if (parameters.length > 0) {
            throw new SmtpRefusal(555, "5.5.4", "Unsupported parameter " + parameters[0], true);
        }
        if (!smtputf8 && !path.address().ascii()) {
            throw new SmtpRefusal(553, "5.6.7", "A non-ASCII address needs SMTPUTF8", false);
        }
        return path.address();
    }

    /** Where the path starts after {@code FROM:} / {@code TO:} (any case; spaces after the colon tolerated). */
    private static int prefix(String argument, String prefix, String usage) throws SmtpRefusal {
        if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw SmtpRefusal.syntax(usage);
        }
        int i = prefix.length();
        while (i < argument.length() && argument.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String[] parameters(String argument, int end) throws SmtpRefusal {
        String rest = argument.substring(end);
        if (rest.isBlank()) {
            return new String[0];
        }
        if (rest.charAt(0) != ' ') {
            throw SmtpRefusal.syntax("Syntax error after the address");
        }
        return rest.trim().split(" +");
    }

    private static long size(String value) throws SmtpRefusal {
        if (value == null || !value.matches("[0-9]{1,20}")) {
            throw SmtpRefusal.syntax("Bad SIZE value");
        }
        return value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
    }

    private static MailParameters.Body body(String value) throws SmtpRefusal {
        if ("7BIT".equalsIgnoreCase(value)) {
            return MailParameters.Body.SEVEN_BIT;
        }
        if ("8BITMIME".equalsIgnoreCase(value)) {
            return MailParameters.Body.EIGHT_BIT_MIME;
        }
        throw SmtpRefusal.syntax("Bad BODY value");
    }
}
