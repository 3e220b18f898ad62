package dev.sluice.weave;

/**
 * Hook weights sluice assigns. Helm runs hooks in ascending weight and breaks ties by name, so
 * every generated hook gets its own weight: first-install copies, access, stopping the old pods,
 * the steps before, the migration; after the rollout: restoring replicas, the steps after.
 */
public final class HookWeights {
    /** Pre-install copies of the ServiceAccount, Secrets and ConfigMaps the migration needs: -100 upwards. */
    public static final int FIRST_INSTALL_COPIES = -100;
    public static final int MAX_COPIES = 40;
    public static final int ROLE = -50;
    public static final int ROLE_BINDING = -49;
    public static final int QUIESCE_ACCOUNT = -48;
    public static final int QUIESCE_ROLE = -47;
    public static final int QUIESCE_ROLE_BINDING = -46;
    /** The record Job's own ServiceAccount, Role and RoleBinding: the only identity that may write the record. */
    public static final int RECORD_ACCOUNT = -45;
    public static final int RECORD_ROLE = -44;
    public static final int RECORD_ROLE_BINDING = -43;
    /** The last of sluice's RBAC hooks: the migration must be weighted above it. */
    public static final int LAST_ACCESS = RECORD_ROLE_BINDING;
    public static final int QUIESCE = -30;
    /** Steps before the migration: -25 upwards, at most {@link #MAX_STEPS}. */
    public static final int STEPS_BEFORE = -25;
    public static final int MAX_STEPS = 14;
    public static final int MIGRATION = -10;
    /** The record Job runs right after the migration: the migration's weight plus this. */
    public static final int RECORD_AFTER_MIGRATION = 1;
    /** Post-upgrade: replicas back first, so that the steps after see the app running. */
    public static final int RESTORE = 0;
    public static final int STEPS_AFTER = 10;

    private HookWeights() {
    }

    public static String of(int weight) {
        return Integer.toString(weight);
    }
}
