package dev.sluice.stream;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which strings may be written plain. Anything a YAML 1.1 or 1.2 reader (kubectl and Helm
 * read 1.1-style) could take for a number, boolean, null or timestamp is quoted, so "0", "yes",
 * "0o17", "12:30", "1e3", "~" stay strings; "25%", "10m", "-c" and image references stay plain.
 */
final class SafeQuoting extends StringQuotingChecker {
    private static final long serialVersionUID = 1L;
    /** Characters that never start or change the meaning of a plain scalar in block context. */
    private static final Pattern PLAIN = Pattern.compile("(?:[A-Za-z0-9_/.]|-[A-Za-z0-9_-])[A-Za-z0-9_./:@%+=~-]*(?: [A-Za-z0-9_./:@%+=~-]+)*");
    private static final Pattern NUMBER_LIKE = Pattern.compile(String.join("|",
            "[-+]?[0-9._]*[0-9][0-9._]*(?:[eE][-+]?[0-9]+)?",
            "[-+]?\\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?",
            "[-+]?0[xX][0-9a-fA-F_]+", "[-+]?0[oO][0-7_]+", "[-+]?0[bB][01_]+",
            "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?",
            "[-+]?\\.(?:inf|Inf|INF)", "\\.(?:nan|NaN|NAN)",
            "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?"));
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
        if (s.isEmpty() || !PLAIN.matcher(s).matches()) {
            return true;
        }
        if (s.endsWith(":") || s.contains(": ") || s.contains(" #") || s.startsWith("---") || s.startsWith("...")) {
            return true;
        }
        if (NUMBER_LIKE.matcher(s).matches()) {
            return true;
        }
        return RESERVED.contains(s.toLowerCase(Locale.ROOT));
    }
}
