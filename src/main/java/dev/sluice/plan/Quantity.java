package dev.sluice.plan;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 100m}, {@code 0.5}, {@code 256Mi}, {@code 1e3}), read by the
 * grammar of k8s.io/apimachinery's resource.ParseQuantity: a signed decimal number and one suffix,
 * binary ({@code Ki}..{@code Ei}), decimal ({@code n u m "" k M G T P E}) or an exponent ({@code e3}, {@code E-2}).
 */
public final class Quantity {
    private static final String NUMBER = "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)";
    private static final String SUFFIX = "(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)";
    private static final Pattern GRAMMAR = Pattern.compile("([+-]?" + NUMBER + ")(" + SUFFIX + ")?");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)),
            Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)), Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
            Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)), Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
            Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)), Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
            Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)), Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
            Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)));
    /** As Kubernetes: exponents beyond this are refused rather than computed. */
    private static final int MAX_EXPONENT = 100;

    private Quantity() {
    }

    /** The quantity's value, or empty when Kubernetes would refuse the text. */
    public static Optional<BigDecimal> parse(String text) {
        Matcher m = GRAMMAR.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        String suffix = m.group(2);
        if (suffix == null) {
            return Optional.of(number);
        }
        if (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E') {
            if (suffix.length() > 1 && !SUFFIXES.containsKey(suffix)) {
                int exponent;
                try {
                    exponent = Integer.parseInt(suffix.substring(1));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                return Math.abs(exponent) > MAX_EXPONENT ? Optional.empty() : Optional.of(number.scaleByPowerOfTen(exponent));
            }
        }
        return Optional.of(number.multiply(SUFFIXES.get(suffix)));
    }

    /** The grammar of a quantity that is not negative (what a request or limit may be), for the JSON Schema. */
    public static String nonNegativePattern() {
        return "^\\+?" + NUMBER + SUFFIX + "?" + ImageReference.END;
    }
}
