package dev.sluice.kube;

import java.util.Locale;

/** How bad a finding or a result is; the words are KRM's result severities. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "error", "warning" or "info" (also "warn"); anything else is info. */
    public static Severity of(String word) {
        return switch (word == null ? "" : word.toLowerCase(Locale.ROOT)) {
            case "error" -> ERROR;
            case "warning", "warn" -> WARNING;
            default -> INFO;
        };
    }
}
