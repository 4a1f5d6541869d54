package dev.postject.service.mail;

import dev.postject.service.platform.crypto.RsaSignatures;
import dev.postject.service.platform.text.Hashes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Signs a composed message with DKIM (RFC 6376): rsa-sha256, relaxed/relaxed, {@code d=} the
 * sending domain. The signed bytes are the stored bytes, with line endings made CRLF first so
 * the body hash is the one a receiver computes from what SMTP carries.
 */
public final class DkimSigner {
    /** Headers signed when present; From always is. */
    private static final List<String> SIGNED = List.of(
            "from",
            "to",
            "cc",
            "reply-to",
            "subject",
            "date",
            "message-id",
            "mime-version",
            "content-type",
            "content-transfer-encoding");

    private static final Set<Character> WSP = Set.of(' ', '\t');

    private DkimSigner() {}

    public static byte[] sign(byte[] mime, String domain, String selector, PrivateKey key, Instant at) {
        String message = crlf(new String(mime, StandardCharsets.ISO_8859_1)); // bytes in, bytes out
        int split = message.indexOf("\r\n\r\n");
        String headerBlock = split < 0 ? message : message.substring(0, split + 2);
        String body = split < 0 ? "" : message.substring(split + 4);

        List<String[]> headers = parseHeaders(headerBlock);
        List<String> signedNames = new ArrayList<>();
        StringBuilder signedData = new StringBuilder();
        for (String name : SIGNED) {
            String[] header = last(headers, name);
            if (header != null) {
                signedNames.add(name);
                signedData.append(relaxedHeader(header[0], header[1])).append("\r\n");
            }
        }
        String bodyHash = Base64.getEncoder()
                .encodeToString(Hashes.sha256(relaxedBody(body).getBytes(StandardCharsets.ISO_8859_1)));
        // the header as it is sent, folded, with b= empty: what the receiver canonicalizes and checks
        String unsigned = fold("v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector + "; t="
                + at.getEpochSecond() + "; h=" + String.join(":", signedNames) + "; bh=" + bodyHash + "; b=");
        signedData.append(relaxedHeader("DKIM-Signature", unsigned));
        String signature = Base64.getEncoder()
                .encodeToString(RsaSignatures.sign(key, signedData.toString().getBytes(StandardCharsets.ISO_8859_1)));
        StringBuilder header = new StringBuilder("DKIM-Signature: ").append(unsigned);
        for (int i = 0; i < signature.length(); i += 64) { // whitespace inside b= is ignored
            header.append("\r\n\t").append(signature, i, Math.min(signature.length(), i + 64));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(mime.length + 512);
        out.writeBytes(header.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(message.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Every line ending as CRLF (a lone CR or LF becomes CRLF). */
    static String crlf(String text) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append("\r\n");
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n') {
                out.append("\r\n");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Header fields as [name, raw value with its folding], in order. */
    private static List<String[]> parseHeaders(String block) {
        List<String[]> headers = new ArrayList<>();
        for (String line : block.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (WSP.contains(line.charAt(0)) && !headers.isEmpty()) {
                String[] previous = headers.get(headers.size() - 1);
                previous[1] = previous[1] + "\r\n" + line;
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1)});
                }
            }
        }
        return headers;
    }

    private static String[] last(List<String[]> headers, String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i)[0].strip().equalsIgnoreCase(name)) {
                return headers.get(i);
            }
        }
        return null;
    }

    /** RFC 6376 3.4.2: lower-case name, unfolded value, runs of WSP as one space, trimmed. */
    static String relaxedHeader(String name, String value) {
        String unfolded = value.replace("\r\n", "");
        return name.strip().toLowerCase(Locale.ROOT) + ":" + collapse(unfolded).strip();
    }

    /** RFC 6376 3.4.4: runs of WSP as one space, none at line ends, no empty lines at the end. */
    static String relaxedBody(String body) {
        String[] lines = body.split("\r\n", -1);
        int end = lines.length;
        // a body ending in CRLF splits into a last empty string: that is not an extra line
        if (end > 0 && lines[end - 1].isEmpty()) {
            end--;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            out.add(stripTrailing(collapse(lines[i])));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out.isEmpty() ? "" : String.join("\r\n", out) + "\r\n";
    }

    private static String collapse(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (WSP.contains(c)) {
                if (!inSpace) {
                    out.append(' ');
                }
                inSpace = true;
            } else {
                out.append(c);
                inSpace = false;
            }
        }
        return out.toString();
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && WSP.contains(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end);
    }

    /** Tag list folded at its spaces into lines of about 76 characters. */
    private static String fold(String tags) {
        StringBuilder out = new StringBuilder();
        int lineLength = "DKIM-Signature: ".length();
        for (String part : tags.split(" ")) {
            if (!out.isEmpty()) {
                if (lineLength + part.length() + 1 > 76) {
                    out.append("\r\n\t");
                    lineLength = 1;
                } else {
                    out.append(' ');
                    lineLength++;
                }
            }
            out.append(part);
            lineLength += part.length();
        }
        return out.toString();
    }
}
