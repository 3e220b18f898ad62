package dev.sluice.weave;

/**
 * Hook weights sluice assigns. Helm runs hooks in ascending weight and breaks ties by name, so
 * every generated hook gets its own weight: copies for first install, then access, then the migration.
 */
public final class HookWeights {
    /** Pre-install copies of the ServiceAccount, Secrets and ConfigMaps the migration needs: -100 upwards. */
    public static final int FIRST_INSTALL_COPIES = -100;
    public static final int MAX_COPIES = 40;
    public static final int ROLE = -50;
    public static final int ROLE_BINDING = -49;
    public static final int MIGRATION = -10;

    private HookWeights() {
    }

    public static String of(int weight) {
        return Integer.toString(weight);
    }
}
