package dev.sluice.stream;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    /** Most documents repeat the same keys and values (and every target the same gate): decide each once. */
    private static final int REMEMBERED = 8192;
    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

    @Override
    public boolean needToQuoteName(String name) {
        return remembered(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
        return remembered(value);
    }

    private boolean remembered(String s) {
        Boolean known = decided.get(s);
        if (known != null) {
            return known;
        }
        boolean quote = needToQuote(s);
        if (decided.size() < REMEMBERED) {
            decided.put(s, quote);
        }
        return quote;
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
     * What a YAML 1.1 or 1.2 reader may take for a number or a timestamp: digits with '.', '_' and an
     * exponent; 0x, 0o, 0b forms; base-60 ({@code 12:30}); (+/-).inf and .nan; a date {@code 2024-01-01...}.
     */
    static boolean numberLike(String s) {
        int n = s.length();
        int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        if (i == n) {
            return false;
        }
        if (decimal(s, i) || based(s, i) || sexagesimal(s, i)) {
            return true;
        }
        String rest = s.substring(i);
        if (rest.equals(".inf") || rest.equals(".Inf") || rest.equals(".INF")) {
            return true;
        }
        if (i == 0 && (s.equals(".nan") || s.equals(".NaN") || s.equals(".NAN"))) {
            return true;
        }
        return i == 0 && date(s);
    }

    /** {@code [0-9._]*[0-9][0-9._]*([eE][-+]?[0-9]+)?} from {@code i} to the end. */
    private static boolean decimal(String s, int i) {
        int n = s.length();
        boolean digit = false;
        while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) {
            digit |= isDigit(s.charAt(i));
            i++;
        }
        if (!digit) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            return i > start && i == n;
        }
        return i == n;
    }

    /** {@code 0x[0-9a-fA-F_]+}, {@code 0o[0-7_]+} or {@code 0b[01_]+} (any case) from {@code i} to the end. */
    private static boolean based(String s, int i) {
        if (s.length() - i < 3 || s.charAt(i) != '0') {
            return false;
        }
        String digits = switch (s.charAt(i + 1)) {
            case 'x', 'X' -> "0123456789abcdefABCDEF_";
            case 'o', 'O' -> "01234567_";
            case 'b', 'B' -> "01_";
            default -> null;
        };
        if (digits == null) {
            return false;
        }
        for (int k = i + 2; k < s.length(); k++) {
            if (digits.indexOf(s.charAt(k)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code [0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?} from {@code i} to the end. */
    private static boolean sexagesimal(String s, int i) {
        int n = s.length();
        if (i >= n || !isDigit(s.charAt(i))) {
            return false;
        }
        while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        int parts = 0;
        while (i < n && s.charAt(i) == ':') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i)) && i - start < 2) {
                i++;
            }
            if (i == start || (i - start == 2 && s.charAt(start) > '5')) {
                return false;
            }
            parts++;
        }
        if (parts == 0) {
            return false;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
        }
        return i == n;
    }

    /** {@code [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}}, then the end or a 'T', 't' or blank and anything. */
    private static boolean date(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && i < 4 && isDigit(s.charAt(i))) {
            i++;
        }
        if (i != 4) {
            return false;
        }
        for (int part = 0; part < 2; part++) {
            if (i >= n || s.charAt(i) != '-') {
                return false;
            }
            int start = ++i;
            while (i < n && isDigit(s.charAt(i)) && i - start < 2) {
                i++;
            }
            if (i == start) {
                return false;
            }
        }
        return i == n || s.charAt(i) == 'T' || s.charAt(i) == 't' || s.charAt(i) == ' ';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
