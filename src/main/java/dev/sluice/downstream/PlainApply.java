package dev.sluice.downstream;

import java.util.Optional;

/**
 * A plain apply that ignores Helm hooks: Helm 3's post-renderer, kubectl apply, kpt. Everything sluice adds is applied
 * with the release, and new pods wait for the migration at their gate.
 *
 * @param helm4  Helm 4 takes the output back (--hooks=ignored on Helm 4 input)
 */
public record PlainApply(boolean helm4) implements Downstream {
    // no hook annotations: nothing half-honours them
    /** In the output itself: Helm 3 shows a post-renderer's stderr only when it fails. */
    static final String JOB_COMMENT = String.join("\n",
            "# sluice: Helm hooks are not run here (Helm 3 post-renderer, kubectl apply), so this migration Job is",
            "# applied with the release and new pods wait for it at their gate while old pods keep serving.",
            "# A failed migration fails the upgrade only with `helm upgrade --wait` (or --atomic).");

    /** As above, for strategy scale-down: the old pods are stopped by the rollout, not kept serving. */
    static final String SCALE_DOWN_JOB_COMMENT = String.join("\n",
            "# sluice: Helm hooks are not run here (Helm 3 post-renderer, kubectl apply), so this migration Job is",
            "# applied with the release: the targets roll with Recreate (their old pods stop first), the quiesce Job waits",
            "# until no old pod runs, and only then does this Job migrate; new pods wait at their gate meanwhile.",
            "# A failed migration leaves no pod serving; `helm upgrade --wait` (or --atomic) reports it.");

    @Override
    public boolean runsHooks() {
        return false;
    }

    @Override
    public Optional<String> migrationJobComment(String plan, boolean oldPodsStopByRollout) {
        return Optional.of(oldPodsStopByRollout ? SCALE_DOWN_JOB_COMMENT : JOB_COMMENT);
    }

    @Override
    public Optional<String> runNote(boolean krm) {
        return Optional.of(krm
                ? "Helm hooks do not run here (kpt, kubectl apply): the migration Job is applied with the other"
                + " resources and new pods wait for it at their gate while old pods keep serving; --argocd or --kapp"
                + " (argocd=true, kapp=true) make Argo CD or kapp run it first"
                : "hooks treated as ignored (no Helm 4 annotations in the input; Helm 3's post-renderer"
                + " and kubectl apply do not run hooks): the migration Job is applied with the release and the new pods"
                + " wait for it at their gate; a failed migration does not fail `helm upgrade` unless you pass --wait"
                + " (or --atomic). Pass --argocd for Argo CD, --kapp for kapp.");
    }

    @Override
    public Order order(String event) {
        return Order.helm(event, false);
    }

    @Override
    public String runner() {
        return "hooks ignored: a Helm 3 post-renderer or kubectl apply runs no hook that sluice adds, so everything"
                + " is applied at once and new pods wait at their gate. Helm 4 (plugin) and Argo CD: see --hooks=honoured";
    }
}
