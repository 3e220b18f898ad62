package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A scalar's meaning as kubectl and Helm read it: sigs.k8s.io/yaml, that is go-yaml v2's {@code resolve}
 * followed by the conversion to JSON. Booleans are exactly y/Y/yes/Yes/YES, true/True/TRUE, on/On/ON and
 * their negatives; integers go through Go's {@code strconv.ParseInt(s, 0, 64)} once every '_' is removed
 * (so {@code 0644}, {@code 0o644}, {@code 0x1F}, {@code 0b101}, {@code +12}, {@code 1_000}); base-60
 * forms such as {@code 12:30} and timestamps stay strings; {@code !!binary} is decoded. One hand-written
 * scan per scalar, no regular expression: this runs on every scalar of every document sluice reads.
 */
public final class KubectlScalars {
    static final String YAML = "tag:yaml.org,2002:";
    static final String STR = YAML + "str";
    static final String BINARY = YAML + "binary";
    static final String BOOL = YAML + "bool";
    static final String INT = YAML + "int";
    static final String FLOAT = YAML + "float";
    static final String NULL = YAML + "null";
    static final String TIMESTAMP = YAML + "timestamp";
    static final String MERGE = YAML + "merge";

    private KubectlScalars() {
    }

    /** A scalar whose meaning kubectl cannot hold or refuses; the message says why and what to write instead. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The meaning of a scalar. {@code tag} is null for an untagged scalar (then {@code plain} says whether
     * it was written without quotes), or the full tag as the parser gives it ("!" for the non-specific one).
     */
    static JsonNode value(String text, String tag, boolean plain) {
        if (tag == null) {
            return plain ? plain(text) : TextNode.valueOf(text);
        }
        return switch (tag) {
            case STR -> TextNode.valueOf(text);
            case BINARY -> TextNode.valueOf(binary(text));
            case NULL, BOOL, INT, FLOAT, TIMESTAMP -> tagged(text, tag);
            // "!", !!merge as a value, !!seq or !!map on a scalar, a local tag: go-yaml keeps the text
            default -> TextNode.valueOf(text);
        };
    }

    /**
     * The meaning of a plain (unquoted, untagged) scalar. A non-string is returned as a node that also
     * remembers the text as written ({@link AsWritten}), for readers that want text (plan strings).
     */
    public static JsonNode plain(String s) {
        if (s.isEmpty()) {
            return NullNode.instance;
        }
        char c = s.charAt(0);
        switch (c) {
            case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O', '~' -> {
                return word(s);
            }
            case '.' -> {
                JsonNode special = word(s);
                if (special != null) {
                    return special;
                }
                Double d = goParseFloat(s);
                return d == null ? TextNode.valueOf(s) : new AsWritten.Double(d, s);
            }
            case '+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                if (c == '+' || c == '-') {
                    JsonNode special = word(s);
                    if (special != null) {
                        return special;
                    }
                }
                JsonNode number = number(s);
                return number != null ? number : TextNode.valueOf(s);
            }
            default -> {
                return TextNode.valueOf(s);
            }
        }
    }

    /** Whether a plain scalar of this text reads as a string to kubectl (so it can be written plain). */
    static boolean readsAsString(String s) {
        return plain(s).isTextual();
    }

    /** go-yaml's resolve map: the words it knows; null when {@code s} is none of them (then it is a string). */
    private static JsonNode word(String s) {
        JsonNode found = switch (s) {
            case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" -> new AsWritten.Boolean(true, s);
            case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" -> new AsWritten.Boolean(false, s);
            case "~", "null", "Null", "NULL" -> NullNode.instance;
            case ".nan", ".NaN", ".NAN" -> new AsWritten.Double(java.lang.Double.NaN, s);
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> new AsWritten.Double(java.lang.Double.POSITIVE_INFINITY, s);
            case "-.inf", "-.Inf", "-.INF" -> new AsWritten.Double(java.lang.Double.NEGATIVE_INFINITY, s);
            default -> null;
        };
        char c = s.charAt(0);
        if (found == null && c != '.' && c != '+' && c != '-') {
            return TextNode.valueOf(s);
        }
        return found;
    }

    /** An integer or a float as go-yaml reads a scalar that starts with a sign or a digit; null for a string. */
    private static JsonNode number(String s) {
        String plain = s.indexOf('_') < 0 ? s : s.replace("_", "");
        BigInteger integer = goParseInt(plain);
        if (integer != null) {
            if (integer.bitLength() < 32) {
                return new AsWritten.Int(integer.intValue(), s);
            }
            if (integer.bitLength() < 64) {
                return new AsWritten.Long(integer.longValue(), s);
            }
            return new AsWritten.BigInteger(integer, s);
        }
        if (yamlStyleFloat(plain)) {
            Double d = goParseFloat(plain);
            if (d != null) {
                return new AsWritten.Double(d, s);
            }
        }
        return null;
    }

    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger MIN_INT64 = BigInteger.valueOf(java.lang.Long.MIN_VALUE);

    /**
     * Go's {@code ParseInt(s, 0, 64)}, else {@code ParseUint(s, 0, 64)}: an optional sign (ParseInt only),
     * then 0b/0o/0x (any case) or a leading 0 for octal, else decimal; null when neither accepts it.
     */
    static BigInteger goParseInt(String s) {
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (i >= s.length()) {
            return null;
        }
        int radix = 10;
        if (s.charAt(i) == '0') {
            char p = s.length() - i >= 3 ? Character.toLowerCase(s.charAt(i + 1)) : 0;
            if (p == 'b' || p == 'o' || p == 'x') {
                radix = p == 'b' ? 2 : p == 'o' ? 8 : 16;
                i += 2;
            } else {
                radix = 8;
                i += 1;
            }
        }
        if (i == s.length() && radix != 8) {
            return null;
        }
        for (int k = i; k < s.length(); k++) {
            if (Character.digit(s.charAt(k), radix) < 0 || s.charAt(k) > 'z') {
                return null;
            }
        }
        BigInteger magnitude = i == s.length() ? BigInteger.ZERO : new BigInteger(s.substring(i), radix);
        BigInteger value = negative ? magnitude.negate() : magnitude;
        if (value.bitLength() < 64) {
            return value;
        }
        if (value.equals(MIN_INT64)) {
            return value;
        }
        // ParseUint: no sign at all
        boolean signed = s.charAt(0) == '+' || s.charAt(0) == '-';
        return !signed && value.compareTo(MAX_UINT64) <= 0 ? value : null;
    }

    /** go-yaml's {@code yamlStyleFloat}: {@code [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?}. */
    static boolean yamlStyleFloat(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            int digits = digits(s, i);
            if (digits == 0) {
                return false;
            }
            i += digits;
        } else {
            int digits = digits(s, i);
            if (digits == 0) {
                return false;
            }
            i += digits;
            if (i < n && s.charAt(i) == '.') {
                i++;
                i += digits(s, i);
            }
        }
        return exponent(s, i) == n;
    }

    /** Go's {@code ParseFloat(s, 64)} for decimal text that starts with '.' or passed {@link #yamlStyleFloat}; null when Go refuses it. */
    static Double goParseFloat(String s) {
        if (!underscoresBetweenDigits(s)) {
            return null;
        }
        String t = s.indexOf('_') < 0 ? s : s.replace("_", "");
        int i = 0;
        int n = t.length();
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int mantissa = digits(t, i);
        i += mantissa;
        if (i < n && t.charAt(i) == '.') {
            i++;
            int fraction = digits(t, i);
            mantissa += fraction;
            i += fraction;
        }
        if (mantissa == 0 || exponent(t, i) != n) {
            return null;
        }
        double d = java.lang.Double.parseDouble(t);
        // Go reports overflow as an error (the scalar stays a string); underflow to zero is no error
        return java.lang.Double.isInfinite(d) ? null : d;
    }

    /** Go's underscoreOK without a base prefix: every '_' sits between two digits. */
    private static boolean underscoresBetweenDigits(String s) {
        for (int i = s.indexOf('_'); i >= 0; i = s.indexOf('_', i + 1)) {
            if (i == 0 || i == s.length() - 1 || !isDigitOrUnderscore(s.charAt(i - 1)) || !isDigitOrUnderscore(s.charAt(i + 1))
                    || s.charAt(i - 1) == '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigitOrUnderscore(char c) {
        return (c >= '0' && c <= '9') || c == '_';
    }

    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /** The end of an optional exponent {@code [eE][-+]?[0-9]+} at {@code i}; -1 when an 'e' has no digits. */
    private static int exponent(String s, int i) {
        if (i >= s.length() || (s.charAt(i) != 'e' && s.charAt(i) != 'E')) {
            return i;
        }
        int k = i + 1;
        if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
            k++;
        }
        int digits = digits(s, k);
        return digits == 0 ? -1 : k + digits;
    }

    /** An explicitly tagged scalar: go-yaml resolves the text and refuses it when it is not of the tag's type. */
    private static JsonNode tagged(String text, String tag) {
        JsonNode value;
        if (TIMESTAMP.equals(tag)) {
            if (timestamp(text)) {
                return TextNode.valueOf(text);
            }
            value = plain(text);
        } else {
            value = plain(text);
        }
        String found = value.isNull() ? NULL : value.isBoolean() ? BOOL : value.isIntegralNumber() ? INT
                : value.isNumber() ? FLOAT : STR;
        if (found.equals(tag)) {
            return value;
        }
        // go-yaml turns int and int64 into a float, not uint64 (above 2^63-1): that is refused
        if (FLOAT.equals(tag) && INT.equals(found) && value.canConvertToLong()) {
            return new AsWritten.Double(value.doubleValue(), text);
        }
        throw new Refused("kubectl cannot read !!" + shortTag(found) + " `" + text + "` as a !!" + shortTag(tag)
                + " (remove the tag, or write a value of that type)");
    }

    private static String shortTag(String tag) {
        return tag.startsWith(YAML) ? tag.substring(YAML.length()) : tag;
    }

    /** go-yaml's timestamp formats: a date {@code YYYY-M-D}, optionally followed by a time ('T', 't' or a blank). */
    static boolean timestamp(String s) {
        int i = digits(s, 0);
        if (i != 4 || i >= s.length() || s.charAt(i) != '-') {
            return false;
        }
        int month = digits(s, i + 1);
        if (month < 1 || month > 2 || i + 1 + month >= s.length() || s.charAt(i + 1 + month) != '-') {
            return false;
        }
        int dayAt = i + 2 + month;
        int day = digits(s, dayAt);
        if (day < 1 || day > 2) {
            return false;
        }
        int m = Integer.parseInt(s.substring(i + 1, i + 1 + month));
        int d = Integer.parseInt(s.substring(dayAt, dayAt + day));
        if (m < 1 || m > 12 || d < 1 || d > java.time.YearMonth.of(Integer.parseInt(s.substring(0, 4)), m).lengthOfMonth()) {
            return false;
        }
        int rest = dayAt + day;
        if (rest == s.length()) {
            return true;
        }
        char sep = s.charAt(rest);
        return (sep == 'T' || sep == 't' || sep == ' ') && time(s, rest + 1, sep != ' ');
    }

    /** {@code 15:4:5[.fraction]}, then a zone (Z or ±hh:mm) after 'T'/'t', none after a blank. */
    private static boolean time(String s, int from, boolean zone) {
        int i = from;
        int[] limits = {23, 59, 59};
        for (int part = 0; part < 3; part++) {
            int n = digits(s, i);
            if (n < 1 || n > 2 || Integer.parseInt(s.substring(i, i + n)) > limits[part]) {
                return false;
            }
            i += n;
            if (part < 2) {
                if (i >= s.length() || s.charAt(i) != ':') {
                    return false;
                }
                i++;
            }
        }
        if (i < s.length() && s.charAt(i) == '.') {
            int n = digits(s, i + 1);
            if (n == 0) {
                return false;
            }
            i += 1 + n;
        }
        if (!zone) {
            return i == s.length();
        }
        if (i < s.length() && s.charAt(i) == 'Z') {
            return i + 1 == s.length();
        }
        return i + 6 == s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && digits(s, i + 1) == 2
                && s.charAt(i + 3) == ':' && digits(s, i + 4) == 2;
    }

    /** {@code !!binary}: Go's standard base64 (padding required; line breaks ignored), as the text kubectl makes of the bytes. */
    static String binary(String text) {
        String compact = text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replace("\n", "").replace("\r", "");
        byte[] bytes;
        try {
            if (compact.length() % 4 != 0) {
                throw new IllegalArgumentException("length");
            }
            bytes = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new Refused("!!binary value is not valid base64 (kubectl refuses it: \"!!binary value contains invalid base64"
                    + " data\"); fix the data, or remove the !!binary tag to keep it as text");
        }
        return goString(bytes);
    }

    /**
     * Bytes as a Go string reaches JSON: valid UTF-8 as it is, and each byte that starts no valid sequence
     * as U+FFFD (Go's {@code utf8.DecodeRune} takes one byte at a time from an invalid sequence).
     */
    static String goString(byte[] b) {
        StringBuilder out = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
            boolean valid = n > 0 && i + n <= b.length;
            if (valid && n > 1) {
                int lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
                int hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
                int second = b[i + 1] & 0xff;
                valid = second >= lo && second <= hi;
                for (int k = 2; valid && k < n; k++) {
                    valid = (b[i + k] & 0xc0) == 0x80;
                }
            }
            if (!valid) {
                out.append('\ufffd');
                i++;
                continue;
            }
            out.append(new String(b, i, n, StandardCharsets.UTF_8));
            i += n;
        }
        return out.toString();
    }

    /**
     * A mapping key as the JSON key kubectl makes of it: strings as they are, booleans as true/false,
     * integers in decimal, floats as Go's {@code FormatFloat(f, 'g', -1, 32)}. Null and integers above
     * 2^63-1 are refused, as kubectl refuses them.
     */
    static String key(JsonNode key) {
        if (key.isTextual()) {
            return key.textValue();
        }
        if (key.isBoolean()) {
            return key.booleanValue() ? "true" : "false";
        }
        if (key.isNull()) {
            throw new Refused("a null key (~, null or nothing before ':'); kubectl refuses it: quote the key");
        }
        if (key.isIntegralNumber()) {
            if (key.bigIntegerValue().bitLength() >= 64) {
                throw new Refused("the key " + key.bigIntegerValue() + " is an integer above 2^63-1, which kubectl refuses"
                        + " as a key: quote the key");
            }
            return key.bigIntegerValue().toString();
        }
        return float32(key.doubleValue());
    }

    /** Go's {@code strconv.FormatFloat(d, 'g', -1, 32)}, with go-yaml's spellings of infinities and NaN. */
    static String float32(double d) {
        float f = (float) d;
        if (java.lang.Float.isNaN(f)) {
            return ".nan";
        }
        if (java.lang.Float.isInfinite(f)) {
            return f > 0 ? ".inf" : "-.inf";
        }
        if (f == 0) {
            return 1 / f < 0 ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(java.lang.Float.toString(Math.abs(f))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exp = digits.length() - 1 - exact.scale();
        String sign = f < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return sign + exact.toPlainString();
    }

    /** The text a plain scalar was written as, when kubectl reads it as something else than that text. */
    public static Optional<String> asWritten(JsonNode node) {
        return node instanceof AsWritten.Scalar written ? Optional.of(written.text()) : Optional.empty();
    }
}
