package dev.postject.service.mail.direct;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A domain's MTA-STS policy (RFC 8461 3.2): its mode, the MX host patterns its mail servers match,
 * how long it may be kept, and the id of the TXT record it was fetched under. A domain without one
 * has {@link #none()}.
 */
public record MtaStsPolicy(Mode mode, List<String> mx, Duration maxAge, String id, Instant fetchedAt) {
    /** RFC 8461 caps {@code max_age} at about a year; larger values are read as this. */
    public static final Duration MAX_AGE_LIMIT = Duration.ofSeconds(31_557_600);

    public enum Mode {
        /** Deliver only to matching MX hosts, over verified TLS. */
        ENFORCE,
        /** Deliver as without a policy, and report what would have failed. */
        TESTING,
        NONE
    }

    private static final Pattern TXT_START = Pattern.compile("v=STSv1[ \\t]*;.*", Pattern.DOTALL);
    private static final Pattern TXT_ID = Pattern.compile("id=([A-Za-z0-9]{1,32})");
    private static final Pattern TXT_EXTENSION =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}=[\\x21-\\x3a\\x3c\\x3e-\\x7e]+");
    private static final Pattern FIELD = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.-]{0,31}):[ \\t]*(.*?)[ \\t]*");
    private static final Pattern MX_PATTERN = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+\\.?");

    public MtaStsPolicy {
        mx = List.copyOf(mx);
    }

    /** What a domain without a policy has: nothing is asked of its mail servers beyond SMTP. */
    public static MtaStsPolicy none() {
        return new MtaStsPolicy(Mode.NONE, List.of(), Duration.ZERO, "", Instant.EPOCH);
    }

    public Instant expiresAt() {
        return fetchedAt.plus(maxAge);
    }

    /**
     * Whether an MX host is one the policy names (RFC 8461 4.1): the same name, or for a pattern
     * {@code *.example.com} a name with exactly one more label in front ({@code mx1.example.com},
     * not {@code example.com} nor {@code a.b.example.com}); case and a final dot do not count.
     */
    public boolean matches(String mxHost) {
        String host = bare(mxHost);
        for (String pattern : mx) {
            if (pattern.startsWith("*.")) {
                String suffix = pattern.substring(1);
                if (host.endsWith(suffix)) {
                    String label = host.substring(0, host.length() - suffix.length());
                    if (!label.isEmpty() && !label.contains(".")) {
                        return true;
                    }
                }
            } else if (host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The policy id in a domain's {@code _mta-sts} TXT records (RFC 8461 3.1): those that start
     * with {@code v=STSv1;} must be exactly one, with an {@code id} and nothing malformed; else
     * empty, and the domain counts as having no (new) policy.
     */
    static Optional<String> txtId(List<String> records) {
        List<String> candidates =
                records.stream().filter(r -> TXT_START.matcher(r).matches()).toList();
        if (candidates.size() != 1) {
            return Optional.empty();
        }
        String[] fields = candidates.get(0).split(";", -1);
        String id = null;
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i].strip();
            Matcher idField = TXT_ID.matcher(field);
            if (field.isEmpty() && i == fields.length - 1) {
                continue; // a trailing ';'
            } else if (idField.matches() && id == null) {
                id = idField.group(1);
            } else if (field.startsWith("id=") || !TXT_EXTENSION.matcher(field).matches()) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(id);
    }

    /**
     * Reads a policy file (RFC 8461 3.2: {@code key: value} lines ending in CRLF or LF). Unknown
     * keys are ignored; {@code version}, {@code mode} and {@code max_age} must each appear once,
     * with a valid value, and {@code mx} at least once unless the mode is {@code none}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static MtaStsPolicy parse(String text, String id, Instant fetchedAt) {
        String version = null;
        Mode mode = null;
        Duration maxAge = null;
        List<String> mx = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            if (raw.isBlank()) {
                continue;
            }
            Matcher field = FIELD.matcher(raw);
            if (!field.matches()) {
                throw new IllegalArgumentException("not a 'key: value' line: " + abbreviated(raw));
            }
            String value = field.group(2);
            switch (field.group(1)) {
                case "version" -> version = once("version", version, value);
                case "mode" -> mode = once("mode", mode, mode(value));
                case "max_age" -> maxAge = once("max_age", maxAge, maxAge(value));
                case "mx" -> mx.add(mxPattern(value));
                default -> {
                    // an extension of a later revision: ignored
                }
            }
        }
        if (!"STSv1".equals(version)) {
            throw new IllegalArgumentException(version == null ? "no version" : "version " + abbreviated(version));
        }
        if (mode == null || maxAge == null) {
            throw new IllegalArgumentException(mode == null ? "no mode" : "no max_age");
        }
        if (mx.isEmpty() && mode != Mode.NONE) {
            throw new IllegalArgumentException(
                    "no mx in a policy of mode " + mode.name().toLowerCase(Locale.ROOT));
        }
        return new MtaStsPolicy(mode, mx, maxAge, id, fetchedAt);
    }

    private static <T> T once(String key, T previous, T value) {
        if (previous != null) {
            throw new IllegalArgumentException(key + " given twice");
        }
        return value;
    }

    private static Mode mode(String value) {
        return switch (value) {
            case "enforce" -> Mode.ENFORCE;
            case "testing" -> Mode.TESTING;
            case "none" -> Mode.NONE;
            default -> throw new IllegalArgumentException("mode " + abbreviated(value));
        };
    }

    private static Duration maxAge(String value) {
        if (!value.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException("max_age " + abbreviated(value));
        }
        Duration age = Duration.ofSeconds(Long.parseLong(value));
        return age.compareTo(MAX_AGE_LIMIT) > 0 ? MAX_AGE_LIMIT : age;
    }

    private static String mxPattern(String value) {
        String pattern = value.toLowerCase(Locale.ROOT);
        if (!MX_PATTERN.matcher(pattern).matches()) {
            throw new IllegalArgumentException("mx " + abbreviated(value));
        }
        return bare(pattern);
    }

    private static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String abbreviated(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }
}
