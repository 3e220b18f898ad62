package dev.sluice.weave;

import dev.sluice.kube.Needed;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hook weights of one plan. Helm runs the hooks of an event in ascending weight and breaks ties by
 * name, so every hook sluice makes gets a weight of its own, in sluice's order: access (the gate's
 * RBAC, the record Job's ServiceAccount and RBAC, the quiesce ServiceAccount and RBAC), stopping the old
 * pods, the steps before, the migration, the record Job; after the rollout: restoring replicas, the steps after. The bases below are shifted, each group as a
 * whole, past the hooks of the chart that create what sluice's Jobs use, and past any weight another
 * hook of the same event has (the chart's, or an earlier plan's). A plan's own migration weight is
 * kept, or refused when it would break that order.
 */
public record HookWeights(long role, long roleBinding, long recordAccount, long recordRole, long recordRoleBinding,
                          long quiesceAccount, long quiesceRole, long quiesceRoleBinding, long quiesce,
                          List<Long> stepsBefore, long migration, long recordJob, long restore, List<Long> stepsAfter) {
    /** Pre-install copies of the ServiceAccount, Secrets and ConfigMaps the migration needs: -100 upwards. */
    public static final long FIRST_INSTALL_COPIES = -100;
    static final int MAX_COPIES = 40;
    public static final long ROLE = MigrationPlan.Migration.FIRST_ACCESS_WEIGHT;
    public static final long ROLE_BINDING = -49;
    static final long QUIESCE_ACCOUNT = -48;
    static final long QUIESCE_ROLE = -47;
    static final long QUIESCE_ROLE_BINDING = -46;
    /** The record Job's own ServiceAccount, Role and RoleBinding: the only identity that may write the record. */
    static final long RECORD_ACCOUNT = -45;
    static final long RECORD_ROLE = -44;
    /** The last of sluice's RBAC hooks at their base weights: a plan's migration weight must be above it. */
    static final long RECORD_ROLE_BINDING = MigrationPlan.Migration.LAST_ACCESS_WEIGHT;
    static final long QUIESCE = -30;
    /** Steps before the migration: -25 upwards, at most {@link MigrationPlan.Steps#MAX}. */
    static final long STEPS_BEFORE = -25;
    static final long MIGRATION = -10;
    /** The record Job runs right after the migration (pre-upgrade), and after the release's objects (post-install). */
    static final long RECORD_JOB = MIGRATION + 1;
    /** Post-upgrade: replicas back first, so that the steps after (and the chart's post hooks) see the app running. */
    static final long RESTORE = 0;
    static final long STEPS_AFTER = 10;

    static final List<String> PRE = List.of("pre-install", "pre-upgrade");
    static final List<String> INSTALL = List.of("pre-install");
    static final List<String> PRE_UPGRADE = List.of("pre-upgrade");
    static final List<String> RESTORE_EVENTS = List.of("post-upgrade", "post-rollback");
    static final List<String> POST = List.of("post-install", "post-upgrade");
    static final List<String> RECORD_EVENTS = List.of("pre-upgrade", "post-install");

    public static String of(long weight) {
        return Long.toString(weight);
    }

    /**
     * A hook sluice makes, before its weight is known: its base weight, when it runs, what its pod uses, and why the
     * migration comes after it (for the error when a plan's weight would not).
     */
    record Slot(String kindName, long base, List<String> events, Set<Needed> needs, String purpose) {
    }

    /**
     * What the plan's hooks are and use: {@code access} the gate's Role and RoleBinding, the record Job's ServiceAccount,
     * Role and RoleBinding, then (scale-down, delete) the quiesce ServiceAccount, Role, RoleBinding and Job;
     * {@code record} the record Job, right after the migration; {@code fixedMigration} is spec.migration.hookWeight, or
     * null; {@code restore} null unless scale-down.
     */
    record Layout(String plan, String namespace, List<Slot> access, List<Slot> stepsBefore, Slot migration, Slot record,
                  Long fixedMigration, Slot restore, List<Slot> stepsAfter) {
    }

    /**
     * The weights for {@code layout} in {@code schedule}, placed there so that later plans avoid them. Access first (no
     * dependency on the chart, so stopping the old pods comes as early as sluice's order allows), then the steps before and
     * the migration after every hook creating what they use, then the hooks after the rollout (searched downwards from
     * their base, so that replicas come back before the chart's own post hooks).
     */
    static HookWeights choose(Layout layout, HookSchedule schedule) {
        List<Long> access = place(layout, layout.access(), Long.MIN_VALUE, false, schedule);
        long accessEnd = access.isEmpty() ? Long.MIN_VALUE : access.get(access.size() - 1);
        List<Long> before;
        long migration;
        long record;
        if (layout.fixedMigration() == null) {
            List<Slot> back = new ArrayList<>(layout.stepsBefore());
            back.add(layout.migration());
            back.add(layout.record());
            List<Long> weights = place(layout, back, accessEnd, false, schedule);
            before = weights.subList(0, weights.size() - 2);
            migration = weights.get(weights.size() - 2);
            record = weights.get(weights.size() - 1);
        } else {
            migration = layout.fixedMigration();
            record = migration + (RECORD_JOB - MIGRATION);
            before = place(layout, layout.stepsBefore(), accessEnd, false, schedule);
            checkFixed(layout, access, before, migration, record, schedule);
            schedule.place(kind(layout.migration()), name(layout.migration()), layout.namespace(), layout.migration().events(), migration);
            schedule.place(kind(layout.record()), name(layout.record()), layout.namespace(), layout.record().events(), record);
        }
        return withHooksAfter(layout, access, before, migration, record, schedule);
    }

    /**
     * The weights for a plan that adopts the chart's migration Job ({@code layout.migration()}, at the chart's own weight
     * {@code layout.fixedMigration()}, which sluice does not change): access and the steps before as usual, each of them
     * before the chart's Job, and the record Job on the first weight free after it. Refused, naming both, when the chart's
     * Job would run before one of sluice's hooks that must come first (stopping the old pods, a step before).
     */
    static HookWeights adopted(Layout layout, HookSchedule schedule) {
        List<Long> access = place(layout, layout.access(), Long.MIN_VALUE, false, schedule);
        long accessEnd = access.isEmpty() ? Long.MIN_VALUE : access.get(access.size() - 1);
        List<Long> before = place(layout, layout.stepsBefore(), accessEnd, false, schedule);
        long migration = layout.fixedMigration();
        List<Slot> earlier = new ArrayList<>(layout.access());
        earlier.addAll(layout.stepsBefore());
        List<Long> weights = new ArrayList<>(access);
        weights.addAll(before);
        for (int i = earlier.size() - 1; i >= 0; i--) {
            Slot slot = earlier.get(i);
            boolean sameEvent = slot.events().stream().anyMatch(layout.migration().events()::contains);
            if (sameEvent && weights.get(i) >= migration) {
                throw new PlanException("plan " + layout.plan() + ": spec.migration.adopt: the chart's " + layout.migration().kindName()
                        + " runs at weight " + migration + " (helm.sh/hook-weight), " + (weights.get(i) == migration ? "at the same"
                        + " weight as" : "before") + " " + slot.kindName() + " (weight " + weights.get(i) + "), " + slot.purpose()
                        + ". sluice does not move the chart's Job: give it a weight above " + weights.get(i) + " in the chart (or"
                        + " its values), or remove spec.migration.adopt and give spec.migration.command");
            }
        }
        long record;
        try {
            record = schedule.free(Math.addExact(migration, 1), layout.record().events());
        } catch (ArithmeticException e) {
            throw new PlanException("plan " + layout.plan() + ": spec.migration.adopt: the chart's " + layout.migration().kindName()
                    + " runs at weight " + migration + ", and no weight Helm reads is above it for the record Job: lower its weight");
        }
        schedule.place(kind(layout.record()), name(layout.record()), layout.namespace(), layout.record().events(), record);
        return withHooksAfter(layout, access, before, migration, record, schedule);
    }

    /** The weights, with the hooks after the rollout (restore, steps after) placed: downwards from their base. */
    private static HookWeights withHooksAfter(Layout layout, List<Long> access, List<Long> before, long migration, long record,
                                              HookSchedule schedule) {
        List<Slot> afterSlots = new ArrayList<>();
        if (layout.restore() != null) {
            afterSlots.add(layout.restore());
        }
        afterSlots.addAll(layout.stepsAfter());
        List<Long> after = place(layout, afterSlots, Long.MIN_VALUE, true, schedule);
        boolean quiesce = access.size() > 5;
        boolean restore = layout.restore() != null;
        return new HookWeights(access.get(0), access.get(1), access.get(2), access.get(3), access.get(4),
                quiesce ? access.get(5) : 0, quiesce ? access.get(6) : 0, quiesce ? access.get(7) : 0, quiesce ? access.get(8) : 0,
                List.copyOf(before), migration, record, restore ? after.get(0) : 0,
                List.copyOf(restore ? after.subList(1, after.size()) : after));
    }

    /**
     * One shift for all of {@code slots} (their spacing and order kept): each after the hooks creating what it uses and above
     * {@code floor}, none on a weight another hook of its events has. Upwards from 0, or for {@code downwards} 0, -1, ...
     * (as far as the dependencies allow) before 1, 2, ...
     */
    private static List<Long> place(Layout layout, List<Slot> slots, long floor, boolean downwards, HookSchedule schedule) {
        if (slots.isEmpty()) {
            return List.of();
        }
        long least = Long.MIN_VALUE;
        for (Slot s : slots) {
            if (floor != Long.MIN_VALUE) {
                least = Math.max(least, above(layout, floor, s));
            }
            Optional<HookSchedule.Entry> dependency = schedule.latestCreating(s.needs(), layout.namespace(), s.events());
            if (dependency.isPresent()) {
                least = Math.max(least, above(layout, dependency.get().weight(), s));
            }
        }
        long shift;
        if (downwards && least <= 0) {
            shift = 0;
            while (taken(slots, shift, schedule) && shift - 1 >= least) {
                shift--;
            }
            if (taken(slots, shift, schedule)) {
                shift = 1;
            }
        } else {
            shift = Math.max(0, least);
        }
        while (taken(slots, shift, schedule)) {
            shift++;
        }
        List<Long> out = new ArrayList<>();
        for (Slot s : slots) {
            long weight = s.base() + shift;
            out.add(weight);
            schedule.place(kind(s), name(s), layout.namespace(), s.events(), weight);
        }
        return out;
    }

    /** The least shift that puts {@code slot} above {@code weight}. */
    private static long above(Layout layout, long weight, Slot slot) {
        try {
            return Math.subtractExact(Math.addExact(weight, 1), slot.base());
        } catch (ArithmeticException e) {
            throw new PlanException("plan " + layout.plan() + ": " + slot.kindName() + " must run after a hook of weight " + weight
                    + ", and no weight Helm reads (a 64-bit integer) is above it for sluice's order: lower that hook's weight");
        }
    }

    private static boolean taken(List<Slot> slots, long shift, HookSchedule schedule) {
        return slots.stream().anyMatch(s -> schedule.tie(s.base() + shift, s.events()).isPresent());
    }

    /** spec.migration.hookWeight keeps sluice's order, comes after what the migration uses and ties with no other hook. */
    private static void checkFixed(Layout layout, List<Long> access, List<Long> before, long migration, long record,
                                   HookSchedule schedule) {
        String at = "plan " + layout.plan() + ": spec.migration.hookWeight " + migration;
        String fix = "set spec.migration.hookWeight above %d, or leave it out (sluice then chooses the weight)";
        List<Slot> earlier = new ArrayList<>(layout.access());
        earlier.addAll(layout.stepsBefore());
        List<Long> weights = new ArrayList<>(access);
        weights.addAll(before);
        for (int i = earlier.size() - 1; i >= 0; i--) {
            if (weights.get(i) >= migration) {
                throw new PlanException(at + " would run the migration " + (weights.get(i) == migration ? "at the same weight as" : "before")
                        + " " + earlier.get(i).kindName() + " (weight " + weights.get(i) + "), " + earlier.get(i).purpose() + ". "
                        + capital(fix.formatted(weights.get(i))));
            }
        }
        Slot m = layout.migration();
        Optional<HookSchedule.Entry> dependency = schedule.latestCreating(m.needs(), layout.namespace(), m.events());
        if (dependency.isPresent() && dependency.get().weight() >= migration) {
            HookSchedule.Entry d = dependency.get();
            throw new PlanException(at + " would run the migration before " + d.describe() + " (weight " + d.weight()
                    + "), which creates the " + d.kind() + " the migration uses: on a " + (d.events().contains("pre-install")
                    ? "first install" : "upgrade") + " the migration could not start. " + capital(fix.formatted(d.weight())));
        }
        Optional<HookSchedule.Entry> tie = schedule.tie(migration, m.events());
        if (tie.isPresent()) {
            throw new PlanException(at + " is also the weight of " + tie.get().describe() + " (" + String.join(", ",
                    tie.get().events()) + "): Helm would order the two by name. Choose another weight, or leave it out"
                    + " (sluice then chooses the weight)");
        }
        Optional<HookSchedule.Entry> recordTie = schedule.tie(record, layout.record().events());
        if (recordTie.isPresent()) {
            throw new PlanException(at + " puts " + layout.record().kindName() + ", which records the migration's success right"
                    + " after it, at weight " + record + ", also the weight of " + recordTie.get().describe() + " (" + String.join(", ",
                    recordTie.get().events()) + "): Helm would order the two by name. Choose another weight, or leave it out"
                    + " (sluice then chooses the weight)");
        }
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String kind(Slot s) {
        return s.kindName().substring(0, s.kindName().indexOf('/'));
    }

    private static String name(Slot s) {
        return s.kindName().substring(s.kindName().indexOf('/') + 1);
    }
}
