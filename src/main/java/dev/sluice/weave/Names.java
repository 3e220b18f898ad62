package dev.sluice.weave;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of generated objects: DNS labels of at most 63 characters, derived from the migration's
 * source workload (unique per namespace, so two releases cannot collide), shortened with a hash.
 * Where hooks run, the Jobs keep one name per plan, so that Helm's before-hook-creation policy
 * removes the previous one first (one migration at a time); where they do not, the migration Job
 * is named after its content, so that a changed migration is a new Job rather than a patch of an
 * immutable one.
 */
public record Names(String base, String migrationHash, boolean stableJobs) {
    static final int MAX = 63;

    public static Names of(String prefix, String planName, String migrationHash, boolean stableJobs) {
        String base = prefix.contains(planName) ? prefix : prefix + "-" + planName;
        return new Names(base, migrationHash, stableJobs);
    }

    public String job() {
        return stableJobs ? fit(base, "-migrate") : fit(base, "-migrate-" + migrationHash);
    }

    public String record() {
        return fit(base, "-migrations");
    }

    /** The Job that writes the record, as sluice's own ServiceAccount: named like the migration Job it records. */
    public String recordJob() {
        return stableJobs ? fit(base, "-record") : fit(base, "-record-" + migrationHash);
    }

    /** ServiceAccount, Role and RoleBinding of the record Job: the only identity that may write the record. */
    public String recordAccess() {
        return fit(base, "-sluice-record");
    }

    public String gateRole() {
        return fit(base, "-sluice-gate");
    }

    /** ServiceAccount, Role and RoleBinding of the quiesce and restore Jobs. */
    public String quiesceAccess() {
        return fit(base, "-sluice-quiesce");
    }

    public String quiesceJob() {
        return fit(base, "-quiesce");
    }

    public String restoreJob() {
        return fit(base, "-restore");
    }

    public String stepJob(String step) {
        return fit(base, "-step-" + step);
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
