package dev.postject.service.mail.server;

/**
 * Parses an RFC 5321 path ({@code <local@domain>}) at the start of a MAIL FROM or RCPT TO argument,
 * with RFC 6531's UTF-8 characters allowed in the local part and domain (the caller refuses them
 * unless the transaction declared SMTPUTF8). Angle brackets are required; a source route
 * ({@code <@relay,@relay2:user@domain>}) is accepted and dropped.
 */
final class PathParser {
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    /** A parsed path and the index just after its {@code >}. */
    record Parsed(MailAddress address, int end) {}

    private final String s;
    private int i;

    private PathParser(String s, int start) {
        this.s = s;
        this.i = start;
    }

    /**
     * @param nullAllowed the reverse path may be {@code <>}
     * @param postmasterAllowed a recipient may be {@code <Postmaster>} without a domain
     * @throws IllegalArgumentException when the text at {@code start} is not a path
     */
    static Parsed parse(String s, int start, boolean nullAllowed, boolean postmasterAllowed) {
        return new PathParser(s, start).path(nullAllowed, postmasterAllowed);
    }

    private Parsed path(boolean nullAllowed, boolean postmasterAllowed) {
        expect('<');
        if (peek() == '>') {
            if (!nullAllowed) {
                throw new IllegalArgumentException("empty path");
            }
            i++;
            return new Parsed(MailAddress.NULL_SENDER, i);
        }
        if (peek() == '@') {
            sourceRoute();
        }
        String local = peek() == '"' ? quotedString() : dotString();
        if (peek() == '>' && postmasterAllowed && local.equalsIgnoreCase("postmaster")) {
            i++;
            return new Parsed(new MailAddress(local, ""), i);
        }
        expect('@');
        String domain = peek() == '[' ? addressLiteral() : domain();
        expect('>');
        return new Parsed(new MailAddress(local, domain), i);
    }

    private void sourceRoute() {
        do {
            expect('@');
            domain();
        } while (accept(','));
        expect(':');
    }

    private String dotString() {
        int start = i;
        do {
            atom();
        } while (accept('.'));
        return s.substring(start, i);
    }

    private void atom() {
        int start = i;
        while (i < s.length() && atext(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw new IllegalArgumentException("empty atom at " + i);
        }
    }

    private String quotedString() {
        int start = i;
        expect('"');
        while (true) {
            char c = next();
            if (c == '"') {
                return s.substring(start, i);
            }
            if (c == '\\') {
                char escaped = next();
                if (escaped < 32 || escaped > 126) {
                    throw new IllegalArgumentException("bad quoted pair");
                }
            } else if (c < 32 || c == 127) {
                throw new IllegalArgumentException("control character in quoted string");
            }
        }
    }

    private String domain() {
        int start = i;
        do {
            subDomain();
        } while (accept('.'));
        return s.substring(start, i);
    }

    private void subDomain() {
        int start = i;
        while (i < s.length() && (letDig(s.charAt(i)) || s.charAt(i) == '-')) {
            i++;
        }
        if (i == start || s.charAt(start) == '-' || s.charAt(i - 1) == '-') {
            throw new IllegalArgumentException("bad domain label at " + start);
        }
    }

    private String addressLiteral() {
        int start = i;
        expect('[');
        while (peek() != ']') {
            char c = next();
            if (c < 33 || c > 126 || c == '[' || c == '\\') {
                throw new IllegalArgumentException("bad address literal");
            }
        }
        i++;
        if (i - start < 3) {
            throw new IllegalArgumentException("empty address literal");
        }
        return s.substring(start, i);
    }

    private static boolean atext(char c) {
        return letDig(c) || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    private static boolean letDig(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || nonAscii(c);
    }

    private static boolean nonAscii(char c) {
        return c >= 0x80 && !Character.isISOControl(c) && !Character.isWhitespace(c) && !Character.isSpaceChar(c);
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private char next() {
        if (i >= s.length()) {
            throw new IllegalArgumentException("unexpected end of path");
        }
        return s.charAt(i++);
    }

    private boolean accept(char c) {
        if (peek() == c && i < s.length()) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i);
        }
    }
}
