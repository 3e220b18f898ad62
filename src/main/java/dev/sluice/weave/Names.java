package dev.sluice.weave;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Names of generated objects: DNS names of at most 63 characters, derived from the migration's
 * source workload (unique per namespace, so two releases cannot collide), shortened with a hash.
 * Where hooks run, the Jobs keep one name per plan, so that Helm's before-hook-creation policy
 * removes the previous one first (one migration at a time); where they do not, the migration Job
 * is named after its content, so that a changed migration is a new Job rather than a patch of an
 * immutable one. A name that would replace one of the stream's own objects is {@code renamed}:
 * "-sluice" goes before its suffix ({@link NameChoice} decides).
 */
public record Names(String base, String migrationHash, boolean stableJobs, Set<String> renamed) {
    static final int MAX = 63;
    static final String RENAMED = "-sluice";

    /** What each generated name is for (a name's role), and the kinds that carry it. */
    enum Role {
        GATE_ACCESS("the gate's access", "Role", "RoleBinding"),
        QUIESCE_ACCESS("the quiesce Job's access", "ServiceAccount", "Role", "RoleBinding"),
        QUIESCE_JOB("the quiesce Job", "Job"),
        RESTORE_JOB("the restore Job", "Job"),
        STEP_JOB("the Job of step", "Job"),
        RECORD("the migration record", "ConfigMap"),
        RECORD_ACCESS("the record Job's access", "ServiceAccount", "Role", "RoleBinding"),
        RECORD_JOB("the record Job", "Job"),
        MIGRATION_JOB("the migration Job", "Job");

        final String words;
        final List<String> kinds;

        Role(String words, String... kinds) {
            this.words = words;
            this.kinds = List.of(kinds);
        }
    }

    /** One object sluice will make: its kind and name, and the role the name comes from (with a step's name). */
    record Named(String kind, String name, Role role, String step) {
        String key() {
            return role + (step == null ? "" : "/" + step);
        }

        /** What it is, for messages: "the migration record ConfigMap/shop-api-migrations". */
        String describe() {
            return role.words + (step == null ? "" : " " + step) + " " + kind + "/" + name;
        }
    }

    /** The usual base: the prefix, with the plan name unless the prefix holds it already. */
    static String base(String prefix, String planName) {
        return prefix.contains(planName) ? prefix : prefix + "-" + planName;
    }

    Names withHash(String hash) {
        return new Names(base, hash, stableJobs, renamed);
    }

    Names withRenamed(Collection<String> keys) {
        return new Names(base, migrationHash, stableJobs, Set.copyOf(keys));
    }

    public String job() {
        return name(Role.MIGRATION_JOB, null, stableJobs ? "-migrate" : "-migrate-" + migrationHash);
    }

    public String record() {
        return name(Role.RECORD, null, "-migrations");
    }

    /** The Job that writes the record, as sluice's own ServiceAccount: named like the migration Job it records. */
    public String recordJob() {
        return name(Role.RECORD_JOB, null, stableJobs ? "-record" : "-record-" + migrationHash);
    }

    /** ServiceAccount, Role and RoleBinding of the record Job: the only identity that may write the record. */
    public String recordAccess() {
        return name(Role.RECORD_ACCESS, null, "-sluice-record");
    }

    public String gateRole() {
        return name(Role.GATE_ACCESS, null, "-sluice-gate");
    }

    /** ServiceAccount, Role and RoleBinding of the quiesce and restore Jobs. */
    public String quiesceAccess() {
        return name(Role.QUIESCE_ACCESS, null, "-sluice-quiesce");
    }

    public String quiesceJob() {
        // where hooks are ignored it is applied with the release, content-named as the migration Job is
        return name(Role.QUIESCE_JOB, null, stableJobs ? "-quiesce" : "-quiesce-" + migrationHash);
    }

    public String restoreJob() {
        return name(Role.RESTORE_JOB, null, "-restore");
    }

    public String stepJob(String step) {
        return name(Role.STEP_JOB, step, "-step-" + step);
    }

    /** Every object a plan with these parts makes, by kind and name. */
    List<Named> all(boolean quiesce, boolean restore, Collection<String> steps) {
        List<Named> out = new ArrayList<>();
        add(out, Role.GATE_ACCESS, null, gateRole());
        if (quiesce) {
            add(out, Role.QUIESCE_ACCESS, null, quiesceAccess());
            add(out, Role.QUIESCE_JOB, null, quiesceJob());
        }
        if (restore) {
            add(out, Role.RESTORE_JOB, null, restoreJob());
        }
        for (String step : steps) {
            add(out, Role.STEP_JOB, step, stepJob(step));
        }
        add(out, Role.RECORD, null, record());
        add(out, Role.RECORD_ACCESS, null, recordAccess());
        add(out, Role.MIGRATION_JOB, null, job());
        add(out, Role.RECORD_JOB, null, recordJob());
        return out;
    }

    private static void add(List<Named> out, Role role, String step, String name) {
        for (String kind : role.kinds) {
            out.add(new Named(kind, name, role, step));
        }
    }

    private String name(Role role, String step, String suffix) {
        boolean moved = renamed.contains(role + (step == null ? "" : "/" + step));
        return fit(base, moved ? RENAMED + suffix : suffix);
    }

    /**
     * base + suffix, with base cut and made unique by a short hash of itself when too long; the cut
     * ends on a letter or digit, so that a dotted name stays a valid DNS name ("prod.-" is not).
     */
    static String fit(String base, String suffix) {
        if (base.length() + suffix.length() <= MAX) {
            return base + suffix;
        }
        String tag = sha256(base).substring(0, 6);
        int keep = MAX - suffix.length() - tag.length() - 1;
        String cut = base.substring(0, Math.max(1, keep)).replaceAll("[^a-z0-9]+$", "");
        return (cut.isEmpty() ? "" : cut + "-") + tag + suffix;
    }

    public static String sha256(String text) {
        return HexFormat.of().formatHex(Sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
