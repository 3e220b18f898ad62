package dev.sluice.timeline;

/** When a step happens during a Helm upgrade (or install). */
public enum Stage {
    /** pre-upgrade (pre-install) hooks: one at a time, Helm waits for each Job. */
    HOOKS_BEFORE("hook before"),
    /** Helm applies the release's objects, all at once. */
    APPLY("apply"),
    /** The migration Job when hooks are not run: applied with the release, runs beside the rollouts. */
    MIGRATION("migration"),
    /** A Job the downstream runs between its batches (Argo CD's Sync hooks, kapp's ordered Jobs) and waits for. */
    WAITED("waited for"),
    /** A workload rolls out its new pods (in parallel with the others). */
    ROLLOUT("rollout"),
    /** post-upgrade (post-install) hooks, after the release is applied. */
    HOOKS_AFTER("hook after");

    private final String word;

    Stage(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
