package dev.sluice.weave;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of generated objects: DNS labels of at most 63 characters, derived from the migration's
 * source workload (unique per namespace, so two releases cannot collide), shortened with a hash.
 */
public record Names(String base, String migrationHash) {
    static final int MAX = 63;

    public static Names of(String prefix, String planName, String migrationHash) {
        String base = prefix.contains(planName) ? prefix : prefix + "-" + planName;
        return new Names(base, migrationHash);
    }

    public String job() {
        return fit(base, "-migrate-" + migrationHash);
    }

    public String record() {
        return fit(base, "-migrations");
    }

    public String gateRole() {
        return fit(base, "-sluice-gate");
    }

    /** base + suffix, with base cut and made unique by a short hash of itself when too long. */
    static String fit(String base, String suffix) {
        if (base.length() + suffix.length() <= MAX) {
            return base + suffix;
        }
        String tag = sha256(base).substring(0, 6);
        int keep = MAX - suffix.length() - tag.length() - 1;
        String cut = base.substring(0, Math.max(1, keep)).replaceAll("-+$", "");
        return cut + "-" + tag + suffix;
    }

    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
