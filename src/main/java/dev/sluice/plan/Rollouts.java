package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/** IntOrString values of maxSurge / maxUnavailable. */
public final class Rollouts {
    private static final Pattern PERCENT = Pattern.compile("\\d+%");
    private static final Pattern INTEGER = Pattern.compile("\\d+");

    private Rollouts() {
    }

    public static boolean isValid(JsonNode v) {
        return (v.isIntegralNumber() && v.asLong() >= 0) || (v.isTextual() && (PERCENT.matcher(v.asText()).matches()
                || INTEGER.matcher(v.asText()).matches()));
    }

    /** True for 0, "0" and "0%": the values that leave no room to surge. */
    public static boolean isZero(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isNumber()) {
            return v.asDouble() == 0;
        }
        String s = v.asText().trim();
        return s.equals("0") || s.equals("0%") || s.matches("0+%?");
    }
}
