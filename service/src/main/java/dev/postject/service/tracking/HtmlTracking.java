package dev.postject.service.tracking;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tracking in an HTML part: {@code http(s)} links of {@code <a href>} rewritten to tracked ones,
 * and an invisible pixel before {@code </body>} (or at the end). Text parts are never touched.
 */
public final class HtmlTracking {
    private static final Pattern LINK =
            Pattern.compile("(<a\\b[^>]*?\\bhref\\s*=\\s*)([\"'])(https?://[^\"'\\s]+)\\2", Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY_END = Pattern.compile("</body\\s*>", Pattern.CASE_INSENSITIVE);

    private HtmlTracking() {}

    /** Rewrites each link; {@code tracked} maps the link's URL (entities decoded) to its tracked URL. */
    public static String rewriteLinks(String html, UnaryOperator<String> tracked) {
        Matcher m = LINK.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 256);
        while (m.find()) {
            String url = decodeEntities(m.group(3));
            m.appendReplacement(
                    out, Matcher.quoteReplacement(m.group(1) + m.group(2) + tracked.apply(url) + m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static String addPixel(String html, String pixelUrl) {
        String pixel = "<img src=\"" + pixelUrl + "\" width=\"1\" height=\"1\" alt=\"\""
                + " style=\"display:block;width:1px;height:1px;border:0\">";
        Matcher m = BODY_END.matcher(html);
        int at = -1;
        while (m.find()) {
            at = m.start();
        }
        return at < 0 ? html + pixel : html.substring(0, at) + pixel + html.substring(at);
    }

    /** The URL as the reader's browser would follow it: HTML's {@code &amp;} and the like decoded. */
    static String decodeEntities(String url) {
        return url.replace("&amp;", "&")
                .replace("&#38;", "&")
                .replace("&#x26;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'");
    }
}
