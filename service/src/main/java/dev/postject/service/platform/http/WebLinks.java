package dev.postject.service.platform.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@code http(s)} link as written in a page or an email, turned into the RFC 3986 URI that a
 * browser would visit for it: what URIs do not allow is percent-encoded (non-ASCII as UTF-8),
 * valid percent-escapes are kept, and the host is read as a browser reads it (the WHATWG URL
 * standard: {@code \} ends the authority, the last {@code @} ends the user information, numeric
 * IPv4 forms are normalized, international names become punycode).
 *
 * <p>A link that no browser could open (an impossible port or host) still yields a valid URI: its
 * authority is percent-encoded whole, so it names no host at all rather than another one.
 */
public final class WebLinks {
    private static final String UNRESERVED_AND_SUB_DELIMS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=";
    private static final String PATH = UNRESERVED_AND_SUB_DELIMS + ":@/";
    private static final String QUERY = PATH + "?";
    private static final String HEX = "0123456789ABCDEF";

    private WebLinks() {}

    /** The URI for an {@code http(s)} link; IllegalArgumentException for anything else. */
    public static URI toUri(String link) {
        String url = trim(link);
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Not an http(s) link");
        }
        int start = colon + 1;
        while (start < url.length() && (url.charAt(start) == '/' || url.charAt(start) == '\\')) {
            start++;
        }
        int authorityEnd = indexOfAny(url, start, "/\\?#");
        int queryAt = indexOfAny(url, authorityEnd, "?#");
        int fragmentAt = url.indexOf('#', authorityEnd);
        int pathEnd = queryAt;

        StringBuilder out = new StringBuilder(url.length() + 32).append(scheme).append("://");
        out.append(authority(url.substring(start, authorityEnd)));
        out.append(path(url.substring(authorityEnd, pathEnd).replace('\\', '/')));
        if (queryAt < url.length() && url.charAt(queryAt) == '?') {
            int queryEnd = fragmentAt < 0 ? url.length() : fragmentAt;
            out.append('?').append(encode(url.substring(queryAt + 1, queryEnd), QUERY));
        }
        if (fragmentAt >= 0) {
            out.append('#').append(encode(url.substring(fragmentAt + 1), QUERY));
        }
        return URI.create(out.toString());
    }

    /** As browsers do: no leading or trailing controls or spaces, and no tabs or line breaks at all. */
    private static String trim(String link) {
        int from = 0;
        int to = link.length();
        while (from < to && link.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && link.charAt(to - 1) <= ' ') {
            to--;
        }
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = link.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String authority(String authority) {
        int at = authority.lastIndexOf('@');
        String userinfo = at < 0 ? "" : authority.substring(0, at);
        String hostAndPort = authority.substring(at + 1);
        String host = hostAndPort;
        String port = "";
        int portAt = hostAndPort.startsWith("[") ? hostAndPort.indexOf("]:") + 1 : hostAndPort.indexOf(':');
        if (portAt > 0) {
            host = hostAndPort.substring(0, portAt);
            port = hostAndPort.substring(portAt + 1);
        }
        String asciiHost = host(host);
        if (asciiHost == null || !port.matches("\\d{0,5}") || (!port.isEmpty() && Integer.parseInt(port) > 65535)) {
            return encode(authority, UNRESERVED_AND_SUB_DELIMS.replace("@", "")); // no host: nowhere, never elsewhere
        }
        String credentials = "";
        if (!userinfo.isEmpty()) {
            int separator = userinfo.indexOf(':');
            String user = separator < 0 ? userinfo : userinfo.substring(0, separator);
            String password = separator < 0 ? "" : userinfo.substring(separator + 1);
            credentials = encode(user, UNRESERVED_AND_SUB_DELIMS)
                    + (password.isEmpty() ? "" : ":" + encode(password, UNRESERVED_AND_SUB_DELIMS))
                    + "@";
        }
        return credentials + asciiHost + (port.isEmpty() ? "" : ":" + port);
    }

    /** The host as a browser resolves it, in ASCII; null when no browser could use it. */
    private static String host(String host) {
        if (host.startsWith("[")) {
            return host.matches("\\[[0-9A-Fa-f:.]+]") ? host.toLowerCase(Locale.ROOT) : null;
        }
        String decoded = percentDecode(host);
        if (decoded == null || decoded.isEmpty()) {
            return null;
        }
        String ascii = Hosts.domainToAscii(decoded);
        if (ascii == null || ascii.isEmpty()) {
            return null;
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c <= ' ' || c >= 0x7f || "#%/:<>?@[\\]^|".indexOf(c) >= 0) {
                return null; // a forbidden host code point: no browser opens this link
            }
        }
        String ipv4 = Hosts.ipv4(ascii);
        if (ipv4 != null) {
            return ipv4.isEmpty() ? null : ipv4;
        }
        return encode(ascii, UNRESERVED_AND_SUB_DELIMS);
    }

    /** The path, with dot segments removed as a browser removes them, and always at least "/". */
    private static String path(String path) {
        List<String> segments = new ArrayList<>();
        String[] parts = path.split("/", -1);
        boolean trailingSlash = false;
        for (int i = 1; i < parts.length; i++) {
            String segment = encode(parts[i], PATH.replace("/", ""));
            String lower = segment.toLowerCase(Locale.ROOT);
            boolean last = i == parts.length - 1;
            if (lower.equals(".") || lower.equals("%2e")) {
                trailingSlash = last;
            } else if (lower.equals("..") || lower.equals(".%2e") || lower.equals("%2e.") || lower.equals("%2e%2e")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                trailingSlash = last;
            } else {
                segments.add(segment);
                trailingSlash = false;
            }
        }
        return "/" + String.join("/", segments) + (trailingSlash && !segments.isEmpty() ? "/" : "");
    }

    /** Percent-encodes, as UTF-8, every character not in {@code allowed}; keeps valid escapes. */
    static String encode(String value, String allowed) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int width = Character.charCount(c);
            if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                out.append('%')
                        .append(Character.toUpperCase(value.charAt(i + 1)))
                        .append(Character.toUpperCase(value.charAt(i + 2)));
                i += 3;
                continue;
            }
            if (c < 0x80 && allowed.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX.charAt((b >> 4) & 0xf)).append(HEX.charAt(b & 0xf));
                }
            }
            i += width;
        }
        return out.toString();
    }

    /** The text that percent-escapes stand for, as UTF-8; null when they are not valid UTF-8. */
    private static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int indexOfAny(String value, int from, String chars) {
        for (int i = from; i < value.length(); i++) {
            if (chars.indexOf(value.charAt(i)) >= 0) {
                return i;
            }
        }
        return value.length();
    }
}
