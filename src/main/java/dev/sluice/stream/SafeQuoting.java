package dev.sluice.stream;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;

import java.util.Locale;
import java.util.Set;

/**
 * Decides which strings may be written plain: only those that kubectl reads back as the very same
 * string ({@link KubectlScalars}), and that no YAML 1.1 or 1.2 reader could take for a number, boolean,
 * null or timestamp either. So "0", "yes", "yEs", "0o17", "12:30", "1e3", "~" are quoted; "25%", "10m",
 * "-c" and image references stay plain. One scan per string, no regular expression.
 */
final class SafeQuoting extends StringQuotingChecker {
    private static final long serialVersionUID = 1L;
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off",
            "null", "~", "=", "<<");

    @Override
    public boolean needToQuoteName(String name) {
        return needToQuote(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
        return needToQuote(value);
    }

    static boolean needToQuote(String s) {
        if (!plainShape(s)) {
            return true;
        }
        if (s.endsWith(":") || s.contains(": ") || s.contains(" #") || s.startsWith("---") || s.startsWith("...")) {
            return true;
        }
        if (numberLike(s) || !KubectlScalars.readsAsString(s)) {
            return true;
        }
        return s.length() <= 5 && RESERVED.contains(s.toLowerCase(Locale.ROOT));
    }

    /**
     * Words of {@code [A-Za-z0-9_./:@%+=~-]} separated by single blanks, starting with a letter, digit,
     * '_', '/', '.' or a '-' followed by one of letter, digit, '_', '-': characters that never start or
     * change the meaning of a plain scalar in block context.
     */
    private static boolean plainShape(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        char first = s.charAt(0);
        if (first == '-') {
            if (n < 2 || !(letterOrDigit(s.charAt(1)) || s.charAt(1) == '_' || s.charAt(1) == '-')) {
                return false;
            }
        } else if (!(letterOrDigit(first) || first == '_' || first == '/' || first == '.')) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                if (i == n - 1 || s.charAt(i + 1) == ' ') {
                    return false;
                }
            } else if (!(letterOrDigit(c) || "_./:@%+=~-".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * What some YAML reader may take for a number or a timestamp: a digit or '.' first (after a sign), then
     * only digits, hex letters, base prefixes, '.', '_', ':', signs, blanks and the T/Z of timestamps.
     */
    private static boolean numberLike(String s) {
        int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        if (i >= s.length() || !((s.charAt(i) >= '0' && s.charAt(i) <= '9') || s.charAt(i) == '.')) {
            return false;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || "xXoO._:+- tTzZ".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
