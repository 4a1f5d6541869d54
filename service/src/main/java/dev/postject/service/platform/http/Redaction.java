package dev.postject.service.platform.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What must never reach a log line, and what is written instead: credentials and single-use
 * tokens in URLs and headers. Pure functions on raw (still percent-encoded) strings, so every log
 * path (the request log, any application log that names a request) can use the same rules.
 *
 * <ul>
 *   <li>a query parameter whose name is credential-like ({@code access_token}, {@code token},
 *       {@code api_key}, {@code client_secret}, {@code password}, {@code signature}...) keeps its
 *       name and loses its value;
 *   <li>a path under {@code /t/} keeps its kind ({@code o}, {@code c}) and loses its token;
 *   <li>anything shaped like a Postject credential (an API key, a server token, a webhook secret, a JWT) is
 *       redacted wherever it stands: a bare query part, a path segment, a header value;
 *   <li>credential headers ({@code Authorization}, {@code Cookie}, names with {@code token},
 *       {@code key}, {@code secret}...) lose their value; URL headers ({@code Referer},
 *       {@code Location}) are redacted as URLs.
 * </ul>
 */
public final class Redaction {
    /** Written in place of what was removed. */
    public static final String MARK = "REDACTED";

    private static final List<String> SENSITIVE_NAMES = List.of(
            "token", "key", "secret", "passw", "pwd", "signature", "auth", "credential", "session", "cookie", "jwt");
    private static final List<String> CREDENTIAL_SHAPES = List.of("pt_live_", "pt_srv_", "whsec_", "eyj");
    private static final List<String> URL_HEADERS = List.of("referer", "location", "content-location");
    private static final String TRACKING = "/t/";

    private Redaction() {}

    /** Whether a parameter or header of this name carries a secret. */
    public static boolean isSensitiveName(String name) {
        String lower = decode(name).toLowerCase(Locale.ROOT);
        return SENSITIVE_NAMES.stream().anyMatch(lower::contains);
    }

    /** Whether this (possibly percent-encoded) text looks like a Postject credential. */
    public static boolean looksLikeCredential(String text) {
        String lower = decode(text).toLowerCase(Locale.ROOT);
        return CREDENTIAL_SHAPES.stream().anyMatch(lower::contains);
    }

    /** A raw query string with every sensitive value replaced; null stays null. */
    public static String query(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.length());
        for (String part : query.split("&", -1)) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            int equals = part.indexOf('=');
            String name = equals < 0 ? part : part.substring(0, equals);
            if (looksLikeCredential(name)) {
                out.append(MARK);
            } else if (equals >= 0 && (isSensitiveName(name) || looksLikeCredential(part.substring(equals + 1)))) {
                out.append(name).append('=').append(MARK);
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }

    /**
     * A raw path with its secrets replaced. {@code decodedPath} (the path as the server routes it,
     * percent-decoded and normalized; null if unknown) decides whether it is a tracking path, so
     * that {@code /t/%63/...} is treated like {@code /t/c/...}.
     */
    public static String path(String path, String decodedPath) {
        if (path == null) {
            return null;
        }
        String routed = decodedPath != null ? decodedPath : decode(path);
        if (routed.startsWith(TRACKING)) {
            String rest = routed.substring(TRACKING.length());
            int slash = rest.indexOf('/');
            return slash < 0 ? TRACKING + MARK : TRACKING + rest.substring(0, slash) + "/" + MARK;
        }
        if (!looksLikeCredential(path)) {
            return path;
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (looksLikeCredential(segments[i])) {
                segments[i] = MARK;
            }
        }
        return String.join("/", segments);
    }

    /** A URL (absolute or not) with its path, query and fragment redacted. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        int fragmentAt = url.indexOf('#');
        String fragment = fragmentAt < 0 ? null : url.substring(fragmentAt + 1);
        String rest = fragmentAt < 0 ? url : url.substring(0, fragmentAt);
        int queryAt = rest.indexOf('?');
        String query = queryAt < 0 ? null : rest.substring(queryAt + 1);
        String beforeQuery = queryAt < 0 ? rest : rest.substring(0, queryAt);
        int authority = beforeQuery.indexOf("://");
        int pathAt = authority < 0 ? 0 : beforeQuery.indexOf('/', authority + 3);
        String origin = pathAt < 0 ? beforeQuery : beforeQuery.substring(0, pathAt);
        String path = pathAt < 0 ? "" : beforeQuery.substring(pathAt);
        return origin
                + path(path, null)
                + (query == null ? "" : "?" + query(query))
                + (fragment == null ? "" : "#" + query(fragment));
    }

    /** The value of a header as it may be logged. */
    public static String header(String name, String value) {
        if (value == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (URL_HEADERS.contains(lower)) {
            return url(value);
        }
        if (isSensitiveName(lower) || looksLikeCredential(value)) {
            return MARK;
        }
        return value;
    }

    private static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
